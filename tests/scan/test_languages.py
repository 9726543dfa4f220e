"""Attribution in the languages a desk covering Russia, Ukraine and Europe meets; credits; the publisher itself."""

from __future__ import annotations

import pytest

from auditor.scan import scan_article


def cited(text: str, name: str = "a.txt") -> list[tuple[str, str]]:
    article = scan_article(name, text.encode("utf-8"))
    return [(o.name, m.cue) for o in article.outlets for m in o.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Президент провел встречу с министром, сообщает ТАСС.", ("TASS", "сообщает")),
        ("Переговоры продолжатся, передает БелТА со ссылкой на пресс-службу.", ("BelTA", "передает")),
        ("По данным РИА Новости, встреча прошла в Кремле.", ("RIA Novosti", "по данным")),
        ("Источник рассказал Интерфаксу о планах.", ("Interfax", "рассказал")),
        ("МОСКВА, 3 марта. /ТАСС/. Президент провел встречу.", ("TASS", "dateline")),
        ("МОСКВА, 3 мар — РИА Новости. Президент провел встречу.", ("RIA Novosti", "dateline")),
        ("Про це повідомляє Укрінформ.", ("Ukrinform", "повідомляє")),
        ("За даними УНІАН, вибухи пролунали вночі.", ("UNIAN", "за даними")),
        ("Die Gespräche sind gescheitert, berichtete die Nachrichtenagentur dpa.", ("Deutsche Presse-Agentur", "berichtete")),
        ("Laut Reuters wurde der Vertrag unterzeichnet.", ("Reuters", "laut")),
        ("Wie die AFP meldet, sind die Gespräche gescheitert.", ("Agence France-Presse", "meldet")),
        ("Ein Sprecher sagte der Deutschen Presse-Agentur, man prüfe das.", ("Deutsche Presse-Agentur", "sagte")),
        ("Moskau (dpa) - Der Kreml wies Berichte zurück.", ("Deutsche Presse-Agentur", "dateline")),
        ("Les négociations ont échoué, selon l'AFP.", ("Agence France-Presse", "selon")),
        ("Le ministre a déclaré à l'AFP que rien n'était décidé.", ("Agence France-Presse", "a déclaré à")),
        ("Les discussions continuent, rapporte Reuters.", ("Reuters", "rapporte")),
        ("Las negociaciones fracasaron, según EFE.", ("Agencia EFE", "según")),
        ("Madrid, 3 mar (EFE).- El Gobierno aprobó la ley.", ("Agencia EFE", "dateline")),
        ("El ministro dijo a EFE que no habrá cambios.", ("Agencia EFE", "dijo a")),
        ("Le trattative sono fallite, secondo l'ANSA.", ("ANSA", "secondo")),
        ("Il ministro ha detto all'ANSA che non ci saranno cambiamenti.", ("ANSA", "ha detto all'")),
        ("Lo riferisce Reuters citando fonti diplomatiche.", ("Reuters", "riferisce")),
    ],
)
def test_cues_in_other_languages(text: str, expected: tuple[str, str]) -> None:
    assert cited(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Un accord avec Reuters a été signé.",
        "Die dpa feierte ihr Jubiläum in Hamburg.",
        "Здание ТАСС на Тверском бульваре оцеплено.",
        "Главный редактор РИА Новости выступила на форуме.",
        "Журналист Интерфакса получил премию.",
        "Un journaliste de l'AFP a été expulsé.",
        "La sede dell'ANSA è stata evacuata.",
    ],
)
def test_mentions_in_other_languages_are_not_citations(text: str) -> None:
    assert cited(text) == []


def test_credit_lines_are_sourcing() -> None:
    text = "Der Kreml wies die Berichte am Sonntag zurück.\n\nVon: det/dpa\n"
    assert cited(text) == [("Deutsche Presse-Agentur", "credit line")]
    assert cited("The talks resumed on Monday.\n\n(dpa/AFP)\n") == [
        ("Deutsche Presse-Agentur", "credit line"), ("Agence France-Presse", "credit line")]
    assert cited("Las conversaciones continúan. Con información de AFP y EFE.") == [
        ("Agence France-Presse", "con información de"), ("Agencia EFE", "con información de")]
    assert cited("The talks resumed.\n\n(Reporting by Jane Doe; Editing by John Smith)\n") == []


def test_photo_credits_are_credits_not_citations() -> None:
    html = """<html><body><article><p>Officials told Reuters the talks had stalled.</p>
<figure><img src="x.jpg"><figcaption>Soldiers near Bakhmut. Photo: AFP</figcaption></figure>
<figure><figcaption>The summit. REUTERS/Jane Doe</figcaption></figure>
<figure><figcaption>Bild: Michael Kappeler/dpa</figcaption></figure>
<p class="credit">Getty Images</p></article></body></html>"""
    article = scan_article("a.html", html.encode())
    assert [o.name for o in article.outlets] == ["Reuters"]
    assert [(c.name, c.matched, c.known) for c in article.credits] == [
        ("Agence France-Presse", "AFP", True), ("Reuters", "REUTERS", True),
        ("Deutsche Presse-Agentur", "dpa", True), ("Getty Images", "Getty Images", False)]


def test_the_publisher_is_not_its_own_source() -> None:
    html = """<html><head><meta property="og:site_name" content="Reuters">
<link rel="canonical" href="https://www.reuters.com/world/europe/talks-2024-03-03/"></head>
<body><article><p>LONDON, March 3 (Reuters) - Officials told Reuters the talks had stalled, AFP reported.</p>
</article></body></html>"""
    assert cited(html, "a.html") == [("Agence France-Presse", "reported")]
    other = html.replace("Reuters\">", "The Daily Ledger\">").replace("www.reuters.com", "www.dailyledger.example")
    assert [name for name, _ in cited(other, "a.html")] == ["Reuters", "Reuters", "Agence France-Presse"]
    assert cited("source https://www.kommersant.ru/doc/123\n\nЧиновник сообщил «Коммерсанту», что сделка сорвалась.") == []


def test_a_dateline_of_an_agency_missing_from_the_gazetteer() -> None:
    article = scan_article("a.txt", "КИЇВ. 3 березня. ПНК. У Києві відновлюють рух тролейбусів.".encode())
    assert [(o.name, o.known, o.mentions[0].cue) for o in article.outlets] == [("ПНК", False, "dateline")]


def test_the_same_short_dateline_of_a_known_agency() -> None:
    article = scan_article("a.txt", "КИЇВ. 3 березня. УНН. У Києві відновлюють рух тролейбусів.".encode())
    assert [(o.name, o.known, o.mentions[0].cue) for o in article.outlets] == [("UNN", True, "dateline")]


def test_a_copyright_line_under_the_text_is_not_a_photo_credit() -> None:
    assert scan_article("a.txt", b"The border post reopened on Monday.\n\n(c) Agencia EFE\n").credits == ()
    caption = scan_article("a.txt", "Литейный мост. © Александр Демьянчук/ТАСС".encode()).credits
    assert [(c.name, c.matched) for c in caption] == [("TASS", "ТАСС")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wie die „Bild“ unter Berufung auf Bahnkreise berichtete, ist der Streik beendet.", ("Bild", "berichtete")),
        ("Wie die „Tagesschau“ am Mittag berichtete, steigt der Pegel.", ("ARD", "berichtete")),
        ("Nach Spiegel-Informationen liegen die Positionen weit auseinander.", ("Der Spiegel", "informationen")),
        ("«Коммерсантъ» пишет, что экспортеры недовольны.", ("Kommersant", "пишет")),
        ("По данным «Ведомостей», сделка сорвалась.", ("Vedomosti", "по данным")),
        ("«Ми переводимо лікарні на генератори», — розповів Суспільному директор.", ("Suspilne", "розповів")),
        ("D'après les informations du Figaro, le gouvernement a cédé.", ("Le Figaro", "d'après les informations du")),
        ("« Je n'avais jamais vu ça », a raconté à l'AFP Yvonne Le Goff.", ("Agence France-Presse", "a raconté à")),
        ("Secondo quanto riportato dall'ANSA, a bordo c'erano sciatori.", ("ANSA", "secondo quanto riportato")),
        ("By Reuters' count, at least 74 vessels were waiting.", ("Reuters", "count")),
        ("Flames spread fast, the Athens News Agency (ANA-MPA) reported.", ("ANA-MPA", "reported")),
    ],
)
def test_quotes_inflections_compounds_and_inversions(text: str, expected: tuple[str, str]) -> None:
    assert cited(text) == [expected]
