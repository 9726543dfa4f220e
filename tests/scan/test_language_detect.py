"""The language an article is reported in when its page declares none: by its commonest short words, or by the
letters of a script few languages are written in."""

from __future__ import annotations

import pytest

from auditor.scan import scan_article
from auditor.scan.language import detect

_SAMPLES = {
    "ja": "海津市の国営木曽三川公園で、チューリップが見頃を迎えている。共同通信によると、２０日までは祭りが開かれている。",
    "zh": "新华社北京6月24日电 据俄罗斯卫星通讯社报道，俄罗斯总统当天发表电视讲话，称瓦格纳集团的行为是背叛。",
    "ko": "연합뉴스에 따르면 러시아 대통령은 24일 텔레비전 연설에서 바그너 그룹의 반란을 범죄라고 말했다.",
    "ar": "قالت وكالة الأنباء الروسية ريا نوفوستي إن الرئيس الروسي ألقى كلمة متلفزة يوم السبت وصف فيها التمرد بأنه خيانة.",
    "fa": "به گزارش خبرگزاری ایرنا، رئیس جمهور روسیه روز شنبه در یک سخنرانی تلویزیونی شورش گروه واگنر را خیانت خواند.",
    "ur": "روسی خبر رساں ادارے کے مطابق صدر نے ہفتے کے روز ٹیلی ویژن پر خطاب میں بغاوت کو غداری قرار دیا اور کہا کہ سخت جواب دیا جائے گا۔",
    "he": "לפי סוכנות הידיעות הרוסית, נשיא רוסיה נאם בטלוויזיה ביום שבת ואמר כי המרד של קבוצת ואגנר הוא בגידה.",
    "el": "Σύμφωνα με το ρωσικό πρακτορείο ειδήσεων, ο Ρώσος πρόεδρος μίλησε στην τηλεόραση το Σάββατο το βράδυ.",
    "th": "สำนักข่าวรอยเตอร์รายงานว่า ประธานาธิบดีรัสเซียกล่าวสุนทรพจน์ทางโทรทัศน์ในวันเสาร์ ที่ผ่านมา",
    "hi": "रूसी समाचार एजेंसी के अनुसार, राष्ट्रपति ने शनिवार को टेलीविजन पर संबोधन में वैगनर समूह के विद्रोह को विश्वासघात बताया।",
    "tr": "Rus haber ajansı RIA Novosti'ye göre Putin, cumartesi günü yaptığı konuşmada isyanı ihanet olarak nitelendirdi. "
          "Ancak daha sonra bir açıklama yapıldı ve bu açıklama çok kısa oldu.",
    "pt": "Segundo a agência Lusa, o presidente disse que a reunião foi adiada para a próxima semana por causa da greve.",
    "ru": "По данным РИА Новости, встреча прошла в Кремле, и стороны договорились продолжить переговоры на следующей неделе.",
    "en": "According to the Russian news agency RIA, the president said the rebellion was a criminal adventure.",
}


@pytest.mark.parametrize(("language", "text"), _SAMPLES.items(), ids=list(_SAMPLES))
def test_each_language_is_told(language: str, text: str) -> None:
    assert detect(text) == language


def test_a_few_words_of_another_script_in_a_latin_text_do_not_decide() -> None:
    text = "The agency said the Kremlin (Кремль) and Tokyo (東京) were named in the statement on Monday night."
    assert detect(text) == "en"
    assert detect("Der Sprecher nannte Tokio (東京) und Peking (北京) nicht, sagte er.") == "de"


def test_too_little_text_is_no_language() -> None:
    assert detect("false") is None
    assert detect("東京") is None
    assert detect("Putin Wagner Moskau Kreml Prigoschin Rostow") is None


def test_a_japanese_article_is_reported_in_japanese() -> None:
    article = scan_article("a.txt", _SAMPLES["ja"].encode())
    assert article.language == "ja"
