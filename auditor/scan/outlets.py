"""Find the outlets an article cites: a name counts only where the text attributes something to it.

Precision matters more than recall here: an editor acts on every outlet listed,
so a name that is merely mentioned ("the Kremlin", "NATO", "Sky 501") or part
of a longer proper noun ("the Reuters Institute") is never reported.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from auditor.model import Mention
from auditor.scan import patterns
from auditor.scan.document import Anchor, Block
from auditor.scan.gazetteer import Entry, Gazetteer, NameMatch
from auditor.scan.lexicon import any_of, load_lexicon
from auditor.scan.urls import host_of, registered_domain

_LEX = load_lexicon()
_LATIN = ("en", "de", "fr", "es", "it", "pt")
_CYRILLIC = ("ru", "uk")

# Words that may stand between a cue and the name: "according to [the Russian news agency] RIA",
# "berichtete [die Nachrichtenagentur] dpa", "передает [агентство] БелТА", "selon [l']AFP".
_DESCRIPTOR = "(?i:" + _LEX.pattern("descriptors") + ")"
_ARTICLE = "(?:" + "|".join(sorted({a for a in _LEX.words("articles")} | {"dell"}, key=lambda w: (-len(w), w))) + ")"
_ADJECTIVE = (
    r"(?:[A-Z\u0410-\u042f][\w'\u2019.-]*|(?i:" + _LEX.pattern("adjectives") + "|" + _LEX.pattern("between") + ")"
    # a Russian or Ukrainian adjective: "российское издание", "російське видання"
    + r"|[а-яёіїєґ]+(?:" + "|".join(_LEX.words("adjective_endings", _CYRILLIC)) + ")"
    # a French, Spanish, Italian, Portuguese or German adjective of origin: "l'agence italienne"
    + r"|[a-zà-ÿ]+(?:" + "|".join(_LEX.words("adjective_endings", _LATIN)) + ")|" + _DESCRIPTOR + ")"
)
_ELIDED = "|".join(sorted({e.rstrip("'") for e in _LEX.words("elisions")} | {"dell", "all", "dall", "nell", "sull"},
                          key=lambda w: (-len(w), w)))
# "selon l'AFP", "all'ANSA": an elided article sits right against the name.
_ELISION = r"(?:\s+(?i:" + _ELIDED + r")['\u2019]|\s+[\"\u00ab\u201e\u201c]?)"
# an elided article ("l'agence") glues to the next word
_BRIDGE = (r"(?:\s+" + _ARTICLE + r"|\s+(?i:" + _ELIDED + r")['\u2019](?=\w))?"
           r"(?:(?:\s+|(?<=['\u2019]))" + _ADJECTIVE + r"){0,6}?")
# ", reports The Information", "» écrit Le Monde": a verb before the name, after a comma or a quotation.
_INVERTED = r"(?<=[,\u201d\"\u00bb]\s)" + _LEX.pattern("before_inverted")
_BEFORE_RE = patterns.compile(r"(?:^|(?<=[\s(\"\u201c\u2018\u00ab,;:]))(?P<cue>(?i:" + _LEX.pattern("before") + "|"
                              + _INVERTED + r"))" + _BRIDGE + r"(?:" + _ELISION + r"|(?<=['\u2019]))$")
_VERBS = _LEX.pattern("after")
_AUXILIARIES = _LEX.pattern("auxiliaries")
_WEEKDAYS = _LEX.pattern("weekdays")
_AFTER_RE = patterns.compile(
    r"^[\"\u201c\u201d\u00bb]?(?:['\u2019]s?)?"
    r"(?:\s*\([^()]{1,20}\))?"  # "the Athens News Agency (ANA-MPA) reported"
    # "Reuters' Moscow bureau reported", "AFP's correspondent said"
    r"(?:(?<=['\u2019s])(?:(?:\s+[\w-]+)?\s+" + _LEX.pattern("staff_nouns") + r"|(?:\s+[A-Z][\w'-]*){1,3}))?"
    # appositive: "Belta, the state news agency,", "The BBC's Russia editor, Steve Rosenberg,"
    r"(?:\s*,\s*(?:(?:the|a|an|which|who|that)\s+[^,.;]{1,60}|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}),)?"
    # "Reuters, citing the harbour master, reported", "РИА Новости со ссылкой на Минтранс сообщало"
    r"(?:\s*,\s*" + _LEX.pattern("citing", _LATIN) + r"\s+[^,.;]{1,80},"
    r"|\s+" + _LEX.pattern("citing", ("ru", "uk", "de")) + r"\s+[^,.;]{1,60}?"
    r"(?=\s+\w+(?:ло|ла|л|ли|ет|ют|є|te|tet|et)\b)"
    r"|\s*,\s*(?:посилаючись|ссылаясь|citando|citant)\s+на?\s*[^,.;]{1,80},)?"
    r"(?:\s+(?:am|on|in|at|au|à|el|il)\s+\w+|\s+in\s+(?:ihrer|seiner|its|their|his|her)\s+\w+)?"
    r"(?:\s+" + _DESCRIPTOR + r"){0,2}"
    # no was/is: "CNN was found to have breached" is said about the outlet, not by it
    r"(?:\s+" + _AUXILIARIES + r"(?=\s))*(?:\s+" + _WEEKDAYS + r")?"
    r"(?:\s*,)?\s+(?P<cue>" + _VERBS + r")\b"
)
_NOUN_RE = patterns.compile(r"^(?:\s+(?:news\s+agency|newswire|wire\s+service|agency))\b")
_REPORT_RE = patterns.compile(r"^(?:['\u2019]s?)?(?:\s*/\s*(?:the\s+)?[A-Z][\w.&'\u2019-]*(?:\s+[A-Z][\w.&'\u2019-]*){0,4})?"
                              r"\s+(?P<cue>(?i:" + _LEX.pattern("report_nouns", ("en",)) + r"))s?\b")
# "worked for the Reuters news agency", "expelled the AFP correspondent": the outlet is the object, not a source.
_NOT_ATTRIBUTION_RE = patterns.compile(
    r"\b" + _LEX.pattern("object_words", ("en",)) + r"(?:\s+(?:the|a|an))?(?:\s+" + _ADJECTIVE + r"){0,3}\s+$"
)
# German compounds: "nach Spiegel-Informationen", "im ZDF-„Morgenmagazin“", "laut einer ARD-Umfrage"
_COMPOUND_RE = patterns.compile(r"^-[\u201e\"]?(?P<cue>" + _LEX.pattern("compounds") + r")\b")
_COORD_RE = patterns.compile(
    r"^\s*(?:,|/|,?\s+" + _LEX.pattern("conjunctions") + r"|\s*&)"
    r"\s*(?:" + _ARTICLE + r"\s+|(?i:" + _ELIDED + r")['\u2019])?$"
)
_CREDIT_LINE_RE = patterns.compile(
    r"^[(\[]?\s*(?:(?:Von|Mit\s+Material\s+von|Texte?|" + _LEX.pattern("credit.source") + r")\s*:?\s*"
    r"|" + _LEX.pattern("credit.with") + r"\s+)?(?P<body>[^()\[\]]{2,60}?)\s*[)\]]?\.?$", re.IGNORECASE
)
# What may follow a name without making it part of a longer proper noun.
_NAME_TAIL_OK = patterns.compile(r"^\s+(?:News|News\s+Agency|Agency|Newswire|Wire|TV|Television|Radio|Newspaper|Poll|Polls"
                                 r"|Survey|Report|Investigation|Analysis|Exclusive|Interview)\b")
_CAPITALISED_NEXT = patterns.compile(r"^\s+(?:of\s+|de\s+|del\s+|di\s+)?[A-Z\u0410-\u042f][a-z\u0430-\u044f]")
_CAPITALISED_PREV = patterns.compile(r"([A-Z][\w\u2019'-]*)\s+$")
_FREE_PREV = patterns.compile(
    r"^(?:The|A|An|This|That|Its|Their|Our|Both|Rival|Fellow|Unlike|Like|Laut|Selon|Según|Segundo|Secondo|Zufolge"
    r"|By|According|In|At|On|For|From|Per|Nach|Por|Par|Da|Di|Dal|Dalla|Von|Bei|Mit|Para|Pour|Con|Avec|Com|Conforme"
    r"|Gegenüber|Via|Citing|Quoting|Wie|Comme|Como|Come|Per|As|Asked|When)$|[-'\u2019]|^" + _DESCRIPTOR + r"$"
    r"|(?:zeitung|agentur|sender|blatt|magazin|portal|kanal)$"
)
"""Capitalised words that may stand before a name: articles, and "Kremlin-run", "Britain's"."""
_WEAK_CUES = frozenset(" ".join(w.lower().split()) for w in _LEX.words("weak"))
"""Cues that do not count for aliases that also name other things (PTI, AAP, RT, Bloomberg...)."""
# Nationality words that introduce a name rather than being one: "the Belarusian news agency".
_DEMONYM = patterns.compile(
    r"^(?:[A-Z][a-z]+(?:ian|ean|ese|ish|an)|Arabic|Baltic|Nordic|Slavic|Icelandic|Israeli|Iraqi|Pakistani|Saudi|Kuwaiti|Qatari|Yemeni|Bangladeshi"
    r"|Omani|Emirati|Somali|Nepali|Azerbaijani|Swiss|Thai|Greek|Dutch|French|Czech|Slovak|Polish|Danish|Swedish"
    r"|Finnish|Irish|Welsh|Scottish|British|Turkish|Kazakh|Uzbek|Tajik|Kyrgyz|Serb|Croat|Bosniak|Tatar)$"
)

_PLATFORM_NAMES = {"Truth Social": "Truth Social", "tweet": "X", **_LEX.mapping("platform_names")}
"""How a platform is written in other languages and scripts -> its name in the gazetteer."""
_PLATFORM_SPELLINGS = ("Telegram", "Twitter", "X", "Facebook", "Instagram", "YouTube", "TikTok", "VKontakte", "VK",
                       "Bluesky", "Threads", "Mastodon", "Truth Social", "WhatsApp", "Weibo", "Reddit", "LinkedIn",
                       *(n for n in sorted(_PLATFORM_NAMES, key=len, reverse=True) if " " not in n))
"""Every way a platform is named in text, in the order the pattern tries them."""
_PLATFORMS = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in _PLATFORM_SPELLINGS)
_CHANNEL_WORDS = _LEX.pattern("channel_words", _CYRILLIC)
_ACCOUNT_END = (r"(?=\s*(?:[,.;:!?()\u201d\"]|$|\s+(?:on|in|at|which|that|who|where|when|and|said|says|reported"
                r"|after|before|during|for|to|with|as)\b))")
_ACCOUNT_WORD = r"(?!(?:on|in|to|of|from|via|a|an|the|his|her|its|their|post|message)\b)[\w'\u2019.-]+"
_PLATFORM_RES = [
    # "Mayor Sam Liccardo tweeted", "in a tweet": the verb names the platform
    ("tweeted", patterns.compile(r"\b(?P<p>tweet)(?:ed|ing)\b")),
    ("post", patterns.compile(r"\b(?i:in|via|according\s+to)\s+(?:a|an|his|her|its|their)\s+(?:\w+\s+)?(?P<p>tweet)s?\b")),
    # "took to Twitter", "sur Twitter", "auf X", "no Instagram"
    ("posted on", patterns.compile(r"\b(?:took|taken|taking|takes|take)\s+to\s+(?P<p>" + _PLATFORMS + r")(?![\w-])")),
    ("posted on", patterns.compile(r"(?<![\w-])(?:sur|auf|su|em|no|na|en)\s+(?P<p>" + _PLATFORMS + r")(?![\w-]|['\u2019]s?\b)")),
    ("account", patterns.compile(
        r"\b(?:on|in|via|from|to|through)\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+|an?\s+)?"
        r"(?P<official>official\s+|verified\s+|personal\s+|own\s+|public\s+)?(?P<p>" + _PLATFORMS + r")\s+"
        r"(?P<noun>account|channel|page|feed|profile|handle)\s+of\s+(?P<acct>[^,.;:!?()\n\u201c\u201d\"]{2,70}?)"
        + _ACCOUNT_END)),
    ("account", patterns.compile(
        r"\b(?:on|in|via|from|to|through)\s+"
        r"(?P<acct>(?:the\s+)?(?:" + _ACCOUNT_WORD + r"\s+){0,4}?" + _ACCOUNT_WORD + r")['\u2019]s?\s+"
        r"(?P<official>official\s+|verified\s+)?(?P<p>" + _PLATFORMS + r")\s+(?P<noun>account|channel|page|feed|profile)\b")),
    ("account", patterns.compile(
        r"\b(?:on|in|via|from|through)\s+(?:his|her|its|their)\s+(?P<official>official\s+|verified\s+|personal\s+|own\s+)?"
        r"(?P<p>" + _PLATFORMS + r")\s+(?P<noun>account|channel|page|feed|profile)\b")),
    # "sur la chaîne YouTube de la commune", "sul canale YouTube di", "auf dem YouTube-Kanal"
    ("channel", patterns.compile(
        r"(?i:\b(?:sur|su|sul|sulla|en|auf|on)\s+(?:la\s+|le\s+|el\s+|il\s+|dem\s+|der\s+|the\s+)?"
        r"(?:suo\s+|sua\s+|son\s+|sa\s+|su\s+|seinem\s+|ihrem\s+|its\s+|his\s+|her\s+|their\s+)?(?:official\s+)?"
        r"(?:chaîne|page|compte|canal|canale|pagina|profil|profilo|cuenta|account|channel)\s+(?:de\s+|di\s+)?)"
        r"(?P<p>" + _PLATFORMS + r")(?![\w-])")),
    # "a publié sur X", "ha annunciato su X", "schrieb auf X", "publicó en Instagram", "publicou no Instagram"
    ("posted on", patterns.compile(
        r"(?i:\b" + _LEX.pattern("platform_verbs") + r"\b"
        r"[^.!?]{0,60}?\b(?:sur|su|en|auf|bei|в|у|на|em|no|na|nas|nos)\s+(?:la\s+|il\s+|der\s+|o\s+|a\s+)?"
        r"(?:(?:seu|sua|suas|seus)\s+(?:perfil|conta|página|canal)\s+(?:no|na|do|da)\s+)?"
        r"(?:plateforme\s+|piattaforma\s+|red\s+social\s+|rede\s+social\s+|Plattform\s+|соцсети\s+|соцмережі\s+)?)"
        r"(?P<p>" + _PLATFORMS + r")(?![\w-]|['\u2019]s?\b)")),
    # "в Telegram-канале Минсельхоза", "у Telegram-каналі «Крымский ветер»"
    ("channel", patterns.compile(r"(?i:\b(?:в|у|на)\s+(?:своем|своём|своєму|своїй|официальном|офіційному)?\s*)"
                                 r"(?P<p>Telegram|Телеграм)-(?i:канал\w*)(?:\s+(?P<acct>«[^»]{2,60}»|[А-ЯЁІЇЄA-Z][\w-]+))?")),
    # "в своем аккаунте в соцсети X", "на странице во «ВКонтакте»"
    ("account", patterns.compile(r"(?i:\b(?:в|у|на)\s+(?:своем|своём|своєму|своїй|официальном|офіційному|личном)?\s*"
                                 + _CHANNEL_WORDS + r"(?:\s+(?:в|у|во|на))?\s+)[«\"]?(?P<p>" + _PLATFORMS + r")(?![\w-])")),
    ("account", patterns.compile(r"(?i:\b(?:в|у|во|на)\s+(?:соцсети|соцмережі|мессенджере|месенджері)\s+)[«\"]?"
                                 r"(?P<p>" + _PLATFORMS + r")(?![\w-])")),
    ("post", patterns.compile(
        r"\b(?i:in|according\s+to|from|via)\s+(?:a|an|the|his|her|its|their)\s+(?:\w+\s+)?(?P<p>" + _PLATFORMS + r")\s+"
        r"(?:post|message|video|statement|update|broadcast|livestream|thread|story|reel|discussion|comment)\b")),
    ("posted on", patterns.compile(
        r"\b(?:posted|published|wrote|written|said|says|announced|shared|stated|claimed|added|tweeted"
        r"|uploaded|released|appeared)\s+(?:[\w,'\u2019-]+\s+){0,3}?on\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?"
        r"(?:messaging\s+app\s+"
        r"|social\s+(?:media\s+)?(?:network|platform|site)\s+|platform\s+)?(?P<p>" + _PLATFORMS + r")"
        # not "on TikTok's plans", "on X Corp's lawsuit": there the platform is the subject matter
        r"(?![\w-]|['\u2019]s?\b|\s+(?:Corp|Inc|Ltd|LLC|founder|owner|chief|CEO|boss|users)\b"
        r"|\s+(?:account|channel|page|feed|profile)\s+of)")),
    # "in a voice message on WhatsApp", "in a video posted to YouTube"
    ("post", patterns.compile(
        r"\b(?i:in|via|according\s+to|from)\s+(?:a|an|the|his|her|its|their)\s+(?:\w+\s+)?(?:post|message|video"
        r"|statement|update|voice\s+(?:message|note)|broadcast|livestream|thread|story|reel|discussion|comment)"
        r"\s+(?:posted\s+)?"
        r"(?:on|to)\s+(?P<p>" + _PLATFORMS + r")(?![\w-])")),
]

_UNKNOWN_NAME = r"[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}"
_UNKNOWN_LONG = r"[A-Z][\w'\u2019-]+(?:\s+(?:(?:de|do|da|di|del|della|dos|das|of)\s+)?[A-Z][\w'\u2019-]+){0,3}"
_UNKNOWN_RES = [
    patterns.compile(r"\bnews\s+agency\s+(?P<name>" + _UNKNOWN_NAME + r")"),
    # "l'agence officielle marocaine MAP", "la agencia Europa Press", "l'agenzia Adnkronos", "агентство УНН"
    patterns.compile(r"(?i:\b(?:" + "|".join(w for w in _LEX.words("agency_words") if " " not in w) + "))"
                     r"(?:\s+[a-zà-ÿа-яёіїє-]+(?:e|a|o|i|í|al|el|le|ne|ая|ое|ий|ый|не|на|ское|ське)){0,3}?\s+[«\"]?"
                     r"(?P<name>" + _UNKNOWN_NAME + r")"),
    patterns.compile(r"\b(?:the|a|an)\s+(?:[a-z][\w-]*\s+)?(?P<name>" + _UNKNOWN_NAME + r")\s+news\s+agency\b"),
    # "the local newspaper Diario de Santa Maria reported" (not "a Hong Kong magazine": that is a place)
    patterns.compile(r"\b(?P<kind>newspaper|daily|tabloid|weekly|broadcaster|magazine|TV\s+channel|news\s+website)\s+"
                     r"(?P<name>" + _UNKNOWN_LONG + r")"),
]
# "the website of the Diario de Santa Maria newspaper reported" (a name, not a place: "a Hong Kong magazine")
_KIND_AFTER_RE = patterns.compile(r"\b(?:the|a|an)\s+(?P<name>" + _UNKNOWN_LONG + r")\s+"
                                  r"(?P<kind>newspaper|daily|tabloid|weekly|broadcaster|magazine|TV\s+channel|news\s+website)\b")
_UNKNOWN_RES.append(_KIND_AFTER_RE)
_CONNECTOR = r"\s(?:de|do|da|di|del|della|dos|das|of)\s"


# A name whose last word is a newspaper's ("Beverage Digest", "the Harbour Gazette") or whose first is
# ("Diario de Cádiz", "Gazzetta di Parma"), directly after a cue or before a reporting verb.
_HEADWORDS = ("Times Post Journal Gazette Herald Tribune Chronicle Observer Courier Telegraph Dispatch Ledger "
              "Sentinel Inquirer Examiner Digest Newsroom News Daily Weekly Magazine Zeitung Nachrichten Noticias "
              "Notícias Газета Новости Вести Новини").split()
_HEADS_FIRST = ("Diario", "Diário", "Corriere", "Gazzetta", "Giornale", "Jornal", "Journal", "Gazeta")
"""Newspaper words that open a name: "Diario de Cádiz", "Gazzetta di Parma"."""
_HEADWORD_RE = patterns.compile(
    r"(?<![\w'\u2019.&-])(?P<name>(?:[A-Z\u0410-\u042f][\w'\u2019&.-]*\s+){1,3}(?:" + "|".join(_HEADWORDS) + r")"
    r"|(?:" + "|".join(_HEADS_FIRST) + r")\s+(?:de|di|do|da|del|della|dos|das|du|des)"
    r"\s+[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
    r"(?![\w'\u2019&-])(?!\s+(?:of|for|on|de|di|do|da|del|du)\b|\s+[A-Z\u0410-\u042f]|['\u2019]s\b|\.\w)")
# NOTE: no word boundaries: a gate may let a "Postal" through.
_HEADWORD_HINT = any_of((*_HEADWORDS, *_HEADS_FIRST))
_HEADWORD_KINDS = {"Magazine": "magazine", "Digest": "magazine", "News": "online outlet", "Newsroom": "online outlet",
                   "Noticias": "online outlet", "Notícias": "online outlet", "Новости": "online outlet",
                   "Новини": "online outlet", "Вести": "online outlet"}
_UNKNOWN_KINDS = {"newspaper": "newspaper", "daily": "newspaper", "tabloid": "newspaper", "weekly": "newspaper",
                  "broadcaster": "broadcaster", "tv channel": "broadcaster", "magazine": "magazine",
                  "news website": "online outlet"}
_NOT_NAMES = frozenset(
    """
    The A An State Official News Agency Its His Her Their Kremlin Government Ministry Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday January February March April May June July August September October
    November December Today Yesterday Tonight Earlier Later Montag Dienstag Mittwoch Donnerstag Freitag
    Samstag Sonntag Papier Angaben Berichten Kreisen
    """.split()
)

_ABBREVIATIONS = frozenset(

        """
        mr mrs ms dr prof gen col lt sgt capt gov sen rep st mt ft jan feb mar apr jun jul aug sep sept oct
        nov dec no nos inc corp ltd co vs etc approx est fig jr sr u.s u.k u.n e.u i.e e.g a.m p.m
        """.split()

)
_SPLIT_RE = patterns.compile(
    r"(?<=[.!?\u2026])[\"\u201d\u2019\u00bb)]*\s+"
    r"(?=[\"\u201c\u2018\u00ab(\[]?[A-Z\u0410-\u042f\u0401\u0406\u0407\u0404\u04900-9])"
)


@dataclass(frozen=True)
class Citation:
    """An outlet cited in the text: a gazetteer entry, or a name introduced as an agency."""

    entry: Entry | None
    name: str
    kind: str
    mention: Mention


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs; does not split after "Mr." or "U.S."."""
    start = 0
    for match in _SPLIT_RE.finditer(text):
        before = text[start:match.start()].rstrip("\"\u201d\u2019\u00bb)").rsplit(None, 1)
        last = before[-1].rstrip(".").lower() if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        yield start, text[start:match.start()]
        start = match.end()
    if text[start:].strip():
        yield start, text[start:]


def _credit_line(block: Block, gazetteer: Gazetteer) -> list[Citation]:
    """ "Von: det/dpa", "(dpa/AFP)", "(avec AFP)": a line naming the wires the story rests on."""
    text = block.text.strip()
    match = _CREDIT_LINE_RE.match(text) if (len(text) <= 70 and "/" in text) or text.startswith(("(", "[")) else None
    if match is None:
        return []
    cited: list[Citation] = []
    for token in re.split(r"\s*(?:/|,|;|\s+(?:and|und|et|y|e|и|і)\s+)\s*", match["body"]):
        token = token.strip()
        entry = gazetteer.by_alias.get(token)
        if entry is not None and entry.kind != "platform":
            mention = Mention(token, "credit line", " ".join(text.split()), block.line)
            cited.append(Citation(entry, entry.name, entry.kind, mention))
        elif not re.fullmatch(r"[a-zäöüа-я]{1,4}|", token):  # author initials ("det") may stand beside the wire
            return []
    return cited


# Wire copy credited in a line of its own or a closing sentence: "The Associated Press contributed to this
# report.", "Republished from Kotaku.", "Quelle: Handelsblatt", "By Jane Doe, The Associated Press", "(IANS)".
_CONTRIBUTED_RE = patterns.compile(r"^[^.!?]{0,120}?\b" + _LEX.pattern("credit.contributed") + r"(?!\w)")
_REPUBLISHED_RE = patterns.compile(r"(?i:\b" + _LEX.pattern("credit.republished") + r")(?:\s+" + _ARTICLE + r")?"
                                   r"\s*[\"\u201c\u201e\u00ab]?$")
_SOURCE_LINE_RE = patterns.compile(r"^\W*" + _LEX.pattern("credit.source") + r"\s*:\s*\S")
_SOURCE_AFTER_BAR = patterns.compile(r"(?:^|[|\n\u2022\u00b7])\s*" + _LEX.pattern("credit.source") + r"\s*:\s*[^|\n:]{0,40}$")
_BYLINE_RE = patterns.compile(r"^\W*" + _LEX.pattern("credit.byline") + r"[:\s]")
_WITH_RE = patterns.compile(r"(?:^|[\s|,(\u2013\u2014-])(?i:" + _LEX.pattern("credit.with")
                            + r")\s+(?:l['\u2019]|der\s+|the\s+)?$")
_COPYRIGHT_RE = patterns.compile(r"(?:^|[\s|(])" + _LEX.pattern("credit.copyright") + r"\s*\d{4}(?:\s*[-\u2013]\s*\d{4})?"
                                 r"\s*,?\s*(?:by\s+)?(?:the\s+|The\s+)?$")
_COPYRIGHT_END = patterns.compile(r"\s*[.,;]?\s*(?:(?:Inc|LLC|Ltd|GmbH)\.?\s*)?(?:All\s+rights\s+reserved\b.*)?$", re.IGNORECASE)
_SHORT_LINE = 160


def _wire_credits(block: Block, gazetteer: Gazetteer, previous: str, names: list[NameMatch],
                  index: int = 99) -> list[Citation]:
    """Agencies and outlets credited as the source of the whole story, in the lines wire copy carries;
    ``previous`` is the text of the block before (a byline may run over two lines), ``index`` the block's
    place in the story."""
    text = block.text
    short = len(text) <= _SHORT_LINE and "\n" not in text.strip()
    found: list[Citation] = []
    for match in names:
        entry = gazetteer.by_alias[match.group(0)]
        before, after = text[max(0, match.start() - 200): match.start()], text[match.end(): match.end() + 200]
        sentence_start = max(before.rfind(". "), before.rfind("! "), before.rfind("? ")) + 1
        cue = None
        if _CONTRIBUTED_RE.match(after) and "." not in before[sentence_start:].strip()[-60:]:
            cue = "contributed to this report"
        elif _REPUBLISHED_RE.search(before):
            cue = "republished from"
        elif (entry.kind == "news agency" and entry.curated and _BYLINE_RE.match(previous) and len(previous) < 80
              and re.fullmatch(r"\W*(?:(?:The|the)\s+)?" + re.escape(match.group(0)) + r"\W*", text)):
            cue = "byline"  # "By SHAWN POGATCHNIK" / "The Associated Press"
        elif (entry.kind == "news agency" and entry.curated and index < 3 and len(match.group(0)) > 3
              and re.fullmatch(r"\W*(?:(?:The|the)\s+)?" + re.escape(match.group(0)) + r"\W*", text)):
            cue = "byline"  # the agency's name alone under the headline, as its byline
        elif (short and _SOURCE_LINE_RE.match(text)) or (len(text) <= 400 and _SOURCE_AFTER_BAR.search(before)):
            cue = "source line"
        elif short and _BYLINE_RE.match(text) and _is_name_in_byline(text[:match.start()], entry, match.group(0),
                                                                     text[match.end():]):
            cue = "byline"
        elif (len(_line_of(text, match)) <= _SHORT_LINE and _WITH_RE.search(before) and entry.kind == "news agency"
              and re.match(r"\s*(?:$|[|,;/)\]]|\.\s*$|\s\d)", after)):
            cue = "credit line"
        elif (entry.kind == "news agency" and _COPYRIGHT_RE.search(before[-40:])
              and _COPYRIGHT_END.match(after.split("\n", 1)[0])):
            cue = "copyright"  # "Copyright 2010 by The Associated Press. All rights reserved."
        elif (before.endswith("[") and re.match(r"(?:\s+[A-Z]\w*)?\s*\]\s*$", after)
              and re.search(r"\w[.!?\u201d\"]\s*\[$", before)):
            cue = "credit line"  # "... at a bar. [People]" closing a post
        elif before.endswith("(") and re.match(r"\s*\)\s*\.?\s*$", after) and (entry.curated or not short):
            cue = "credit line"  # "... said. (IANS)" closing the story
        elif (before.endswith("(") and re.match(r"\s*\)\s*[.!?]", after)
              and re.search(r"[a-z0-9,;\u201d\"]\s+\($", before)):
            cue = "source in parentheses"  # "... raised $700,000 (VentureBeat)."
        if cue is not None and entry.kind != "platform":
            mention = Mention(match.group(0), cue, " ".join(text[max(0, match.start() - 160): match.end() + 80].split()),
                              block.line_at(match.start()))
            found.append(Citation(entry, entry.name, entry.kind, mention))
    return found


def _line_of(text: str, match: NameMatch) -> str:
    """The line of ``text`` the name stands on (a credit may share its block with the date below it); only
    as much of it as a credit line can hold, so that a huge paragraph costs no more than a short one."""
    reach = _SHORT_LINE + 1
    start = text.rfind("\n", max(0, match.start() - reach), match.start()) + 1 or max(0, match.start() - reach)
    end = text.find("\n", match.end(), match.end() + reach)
    return text[start: end if end >= 0 else match.end() + reach]


def _is_name_in_byline(head: str, entry: Entry, name: str, tail: str) -> bool:
    """ "By Reuters", "By Jane Doe, The Associated Press", "By Mike Isaac New York Times", "Von Anna Muster, dpa";
    not "By Mirel Zaman" or "By Sun Li" (a person's name) nor a biography that goes on to name past employers."""
    between = _BYLINE_RE.sub("", head, count=1)
    rest = tail.split("\n", 1)[0]
    if re.match(r"\s+(?:Staff|staff)\b", rest):
        return False  # "By Chronicle Staff": the publisher's own newsroom
    if re.match(r"\s+(?!(?:Staff|Reporters?|Writers?|Correspondents?|News|Agency)\b)[A-Z\u0410-\u042f][\w'-]", rest):
        return False  # "By Sun Li and Chen Wei": a first name, then the rest of the person's name
    if re.search(r"\b(?!(?:and|und|et|y|e|for|für|pour|para|per|with|mit|avec|con|com)\b)[a-zà-ÿа-яёіїє]{3,}", between):
        return False  # words of a sentence, not names
    if not between.strip() or re.search(r"[,|/\u2013\u2014;-]\s*$|\b(?:for|für|pour|para|per)\s+(?:the\s+)?$", between):
        return True
    return len(name.split()) >= 2 and (entry.curated or name not in entry.strict)


def find_citations(blocks: Iterable[Block], gazetteer: Gazetteer) -> list[Citation]:
    """Every attributed outlet mention in ``blocks``, in document order."""
    found: list[Citation] = []
    previous = ""
    for index, block in enumerate(blocks):
        found.extend(_unknown_dateline(block, gazetteer))
        cited_before = len(found)
        credit_line = _credit_line(block, gazetteer)
        if credit_line:
            found.extend(credit_line)
            previous = block.text
            continue
        # NOTE: one pass of the automaton per block; each sentence takes the names that fall inside it.
        names = list(gazetteer.names.finditer(block.text))
        starts = [m.start() for m in names]
        if (not names and not _platform_hint(block.text) and not _AGENCY_WORDS(block.text.lower())
                and not _HEADWORD_HINT(block.text)):
            previous = block.text  # NOTE: most blocks name nothing: no need to split them into sentences
            continue
        for offset, sentence in sentences(block.text):
            evidence = " ".join(sentence.split())
            end = offset + len(sentence)
            first, last = bisect.bisect_left(starts, offset), bisect.bisect_left(starts, end)
            inside = [NameMatch(m.start() - offset, m.end() - offset, m.group(0)) for m in names[first:last]
                      if m.end() <= end]
            hits = list(_named(sentence, gazetteer, offset == 0, inside))
            hits += _platforms(sentence, gazetteer)
            hits += _unknown(sentence, gazetteer, inside)
            for start, entry, name, kind, matched, cue, account in sorted(hits, key=lambda h: h[0]):
                mention = Mention(matched, cue, evidence, block.line_at(offset + start), account)
                found.append(Citation(entry, name, kind, mention))
        in_block = {c.name for c in found[cited_before:]}
        found.extend(c for c in _wire_credits(block, gazetteer, previous, names, index)
                     if c.name not in in_block)
        previous = block.text
    return found


_Hit = tuple[int, "Entry | None", str, str, str, str, "str | None"]


def _named(sentence: str, gazetteer: Gazetteer, first: bool, names: list[NameMatch]) -> Iterator[_Hit]:
    matches = [m for m in names if _is_name(sentence, m) or _acronym_after_cue(sentence, m)]
    cues: list[str | None] = []
    for match in matches:
        # NOTE: look at a window, not the whole text: a run-on "sentence" of 100 KB must stay linear.
        before, after = sentence[max(0, match.start() - 240): match.start()], sentence[match.end(): match.end() + 240]
        cue = None
        if first and _is_dateline(before, after):
            cue = "dateline"
        elif ((m := _BEFORE_RE.search(before) or _cue_before_place(before)) and not _OWN_PAPERS.match(after)):
            cue = " ".join(m["cue"].lower().split())
        elif (m := _AFTER_RE.match(after)) and not _counted_not_said(m, after) and not _inside_subject(before, after):
            cue = m["cue"].lower()
        elif (_NOUN_RE.match(after) and re.search(r"\b(?:the|a|an)(?:\s+" + _ADJECTIVE + r"){0,3}\s+$", before)
              and not _NOT_ATTRIBUTION_RE.search(before)):
            cue = "news agency"
        elif (m := _COMPOUND_RE.match(after) or _report_noun(before, after)):
            cue = m["cue"].lower()
        if cue is not None and match.group(0) in gazetteer.strict and not _strict_name_ok(before, after, cue):
            cue = None
        cues.append(cue)
    # "according to Reuters and AFP", "Reuters and AFP reported": coordinated names share the cue.
    for i in range(len(matches) - 1):
        between = sentence[matches[i].end(): matches[i + 1].start()]
        before_cued = cues[i] is not None and not _AFTER_RE.match(sentence[matches[i].end():])
        if cues[i + 1] is None and before_cued and _COORD_RE.match(between):
            cues[i + 1] = cues[i]
    for i in range(len(matches) - 2, -1, -1):
        between = sentence[matches[i].end(): matches[i + 1].start()]
        if cues[i] is None and cues[i + 1] is not None and _COORD_RE.match(between):
            cues[i] = cues[i + 1]
    for match, cue in zip(matches, cues, strict=True):
        if cue is not None:
            entry = gazetteer.by_alias[match.group(0)]
            yield match.start(), entry, entry.name, entry.kind, match.group(0), cue, None


def _cue_before_place(before: str) -> re.Match[str] | None:
    """The cue before a paper's home town ("by the Allentown, Pennsylvania, Morning Call"); the cue pattern is asked
    again only when there is a town to take out (most names have none, and the pattern is long)."""
    placed, towns = _PLACE_BEFORE.subn(" ", before)
    return _BEFORE_RE.search(placed) if towns else None


_PLACE_BEFORE = patterns.compile(r"(?<=\s)(?:[A-Z][\w.'\u2019-]*\s+){0,2}[A-Z][\w.'\u2019-]*,\s+(?:[A-Z][\w.'\u2019-]*"
                                 r"(?:\s+[A-Z][\w.'\u2019-]*){0,2},\s+)?$")
"""A paper's home town before its name: "an investigation by the Allentown, Pennsylvania, Morning Call"."""


def _sentence_start_ok(after: str, cue: str) -> bool:
    """A name that opens the sentence, then a reporting verb, then what was reported: "Variety reported that
    the studio...", "Dawn reported on Sunday that..."; not "Metro reported a 5% rise in sales"."""
    match = _AFTER_RE.match(after)
    if match is None or match["cue"].lower() != cue:
        return False
    rest = after[match.end():match.end() + 40]
    return bool(re.match(r"(?:\s+\w+){0,3}?\s*(?:that|que|qu['\u2019]|dass|che|что|що|[:,])", rest))


_OPEN_QUOTE = patterns.compile(r"[\"\u201c\u201e\u00ab\u2039]$")


_FOLLOWS_NAME = patterns.compile(
    r"\s*(?:$|[,.;:!?)\]\"\u201c\u201d\u00bb\u2019'/-]|\(|\d|[A-Z\u0410-\u042f]"
    r"|(?:on|in|at|that|which|who|and|or|but|as|last|this|earlier|later|about|after|before|during|when|while|to|for"
    r"|with|from|by|than|if|because|since|until|says|said|reported|reports|wrote|writes|has|had|have|is|was"
    r"|today|yesterday|tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|magazine|newspaper|daily|tabloid|radio|station|channel|website|reporter|reporters|correspondent|report"
    r"|und|et|y|e|и|і|что|що|que|che|dass|qui|quien|chi|le|la|el|il|der|die|das|a|à|au|de|di|del|du|da|do)\b"
    r"|[а-яёіїє]+(?:ет|ют|л|ла|ло|ли|є|ють)\b|" + _VERBS + r"\b)")
_DESCRIBED = patterns.compile(r"(?:^|\s)" + _DESCRIPTOR + r"(?:\s+" + _ADJECTIVE + r"){0,2}\s+[\"\u201c\u201e\u00ab]?$")


def _strict_name_ok(before: str, after: str, cue: str) -> bool:
    """A name that is also a word or a surname ("Forbes", "Агентство", "Sun", "Globo") counts only in the form
    its language gives an outlet: after a word naming its kind ("the broadcaster Globo said"), or with a strong
    cue, quoted or after a determiner or mid-sentence, and not as the adjective of a noun ("the American
    president")."""
    if _DESCRIBED.search(before) or re.match(r"\s+" + _DESCRIPTOR + r"\b", after):
        return True  # "the broadcaster Globo said", "Time magazine reported", "der Stern-Reporter"
    if cue in _WEAK_CUES or not _FOLLOWS_NAME.match(after):
        return False
    if _OPEN_QUOTE.search(before) or re.match(r"[\"\u201c\u201d\u00bb\u203a]", after):
        return True
    if not re.search(r"\w", before) and _sentence_start_ok(after, cue):
        return True
    if re.search(r"(?:^|\s)" + _ARTICLE + r"\s+$|" + _DESCRIPTOR + r"\s+$", before, re.IGNORECASE):
        return True
    return bool(re.search(r"\w", before)) and cue != "dateline"


_OBJECT_BEFORE = patterns.compile(
    r"(?:\b(?:owns|own|owned\s+by|owner\s+of|owners\s+of|publishes|publisher\s+of|publishers\s+of|editor\s+of"
    r"|director\s+of|staff\s+at|staff\s+of|readers\s+of|viewers\s+of|listeners\s+of|on|of|at|for|against|about"
    r"|de|da|do|del|della|di|du|des)"
    r"|\b" + _LEX.pattern("object_words", ("en",)) + r")"
    r"\s+(?:(?:the|a|an|le|la|el|il|o|die|der)\s+)?(?:[A-Z][\w.'\u2019&-]*(?:\s+|,\s*)|(?:and|or|y|e|et|und)\s+"
    r"|(?:the|le|la|el|il|o|die|der)\s+|,\s*)*(?<!,\s)(?<!,)$")
"""The outlet as an object in the subject: "on the Metro", "owns The Sun, The Times and the"; not "on Monday, the"."""
_CLAUSE_OPEN = patterns.compile(r",\s+(?:who|which|whose|that|the\s+\w+\s+of|owner\s+of|propietari[oa]\s+de"
                                r"|dono\s+d[oa]|qui|que|che|der|die|das)\b[^,;]*$")


def _inside_subject(before: str, after: str) -> bool:
    """ "Commuters on the Metro reported", "Rupert Murdoch, who owns The Sun and The Times, said": the outlet sits
    inside the subject (an object, an owner's clause), and the verb is someone else's."""
    clause = before[max(before.rfind(". "), 0):]
    if _OBJECT_BEFORE.search(clause):
        return True
    return bool(re.match(r"\s*,", after) and _CLAUSE_OPEN.search(clause))


_OWN_PAPERS = patterns.compile(r"^['\u2019]s?\s+(?:own\s+)?(?:guidelines|style\s*guide|style\s*book|trust\s+principles"
                               r"|editorial\s+(?:guidelines|policy|code)|code\s+of\s+conduct|charter|policies|policy"
                               r"|annual\s+report|terms|rules)\b")


def _counted_not_said(match: re.Match[str], after: str) -> bool:
    """ "CNN added 200 jobs" is business news; "..., CNN added." and "CNN added that" are reporting."""
    rest = after[match.end():]
    return match["cue"].lower() == "added" and not re.match(r"\s*(?:[.,;:!?\"\u201d\u00bb]|$|that\b|in\s+a\b)", rest)


def _report_noun(before: str, after: str) -> re.Match[str] | None:
    """ "a Reuters tally", "by Reuters' count", but not "expelled the AFP correspondent"."""
    match = _REPORT_RE.match(after)
    if match and re.search(r"(?i)\b(?:a|an|the|in|by|his|her|their|its)\s+$", before) and \
            not _NOT_ATTRIBUTION_RE.search(before):
        return match
    return None


def _acronym_after_cue(sentence: str, match: NameMatch) -> bool:
    """ "a raconté à l'AFP Yvonne Le Goff": an agency acronym right after a cue may be followed by the speaker."""
    name = match.group(0)
    return (name.isupper() and len(name) >= 3
            and bool(_BEFORE_RE.search(sentence[max(0, match.start() - 240): match.start()])))


def _is_name(sentence: str, match: NameMatch) -> bool:
    """False when the alias is only part of a longer proper noun ("Reuters Institute", "Thomson Reuters")."""
    after = sentence[match.end(): match.end() + 80]
    if _CAPITALISED_NEXT.match(after) and not _NAME_TAIL_OK.match(after):
        return False
    before = sentence[max(0, match.start() - 80): match.start()]
    prev = _CAPITALISED_PREV.search(before)
    if prev:
        word = prev.group(1)
        # a place before a paper's full name is its home, not a longer name: "the Minneapolis Star Tribune"
        place = " " in match.group(0) and re.search(r"(?:^|\s)(?i:the)\s+(?:[A-Z][\w.'\u2019-]*,?\s+){1,3}$", before)
        if not _DEMONYM.match(word) and not _FREE_PREV.search(word) and word.upper() != word and not place:
            return False
    return True


_CITY = (r"(?:[A-Z\u0400-\u042f][A-Z\u0400-\u042f .'\u2019-]*[A-Z\u0400-\u042f]"
         r"|[A-Z\u0400-\u042f][\w'\u2019.-]+)")
_DATE = r"(?:\d{1,2}\.?\s+[^\W\d_]{3,10}\.?|[^\W\d_]{3,9}\.?\s+\d{1,2})"
_HEAD = (r"\s*" + _CITY + r"(?:,\s*[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+)?)?(?:[,.]\s*" + _DATE + r")?")
# "MOSCOW (Reuters) -", "KYIV, Ukraine (AP) —", "NEW YORK, June 5 (Reuters) -", "(AFP) -", "Madrid, 3 mar (EFE).-"
_PAREN_HEAD_RE = patterns.compile(r"(?:" + _HEAD + r")?\s*\(\s*")
_PAREN_TAIL_RE = patterns.compile(r"\s*\)\s*\.?\s*[-\u2013\u2014]")
# "МОСКВА, 3 марта. /ТАСС/."
_SLASH_HEAD_RE = patterns.compile(_HEAD + r"\.?\s*/\s*")
_SLASH_TAIL_RE = patterns.compile(r"\s*/")
# "МОСКВА, 3 мар — РИА Новости." and "КИЇВ. 3 березня. УНН."
_DASH_HEAD_RE = patterns.compile(_HEAD + r"\.?\s*[-\u2013\u2014.]?\s*")
_DASH_TAIL_RE = patterns.compile(r"\s*\.(?:\s|$)")


def _is_dateline(before: str, after: str) -> bool:
    """A wire dateline at the start of a paragraph, in the forms agencies use."""
    if _PAREN_HEAD_RE.fullmatch(before) and _PAREN_TAIL_RE.match(after):
        return True
    if _SLASH_HEAD_RE.fullmatch(before) and _SLASH_TAIL_RE.match(after):
        return True
    # the dash form needs a city in capitals and a date, or it would take "Reuters." for a dateline
    return bool(before.strip() and before.strip()[:2].isupper() and re.search(r"\d", before)
                and _DASH_HEAD_RE.fullmatch(before) and _DASH_TAIL_RE.match(after))


_PLATFORM_WORDS = any_of({n.split()[0] for n in _PLATFORM_SPELLINGS if n != "X"} | {"tweet"})
_X_ALONE = patterns.compile(r"X(?<!\wX)(?!\w)")


def _platform_hint(text: str) -> bool:
    """Whether ``text`` may name a platform (names are capitalised): every text the platform patterns find one in
    passes, and most others do not."""
    return _PLATFORM_WORDS(text) or ("X" in text and _X_ALONE.search(text) is not None)


_AGENCY_HINTS = ("agenc", "agentur", "agenzia", "agência", "агентств", "newspaper", "daily", "tabloid", "weekly",
                 "broadcaster", "magazine", "tv channel", "news website")
"""Words without which no unknown outlet is looked for, in the lower-cased text."""
_AGENCY_WORDS = any_of(_AGENCY_HINTS)


# "Partager sur Facebook", "Compartir en X", "Follow us on Instagram": the page's buttons, not a statement.
_SHARE_BUTTON = patterns.compile(r"(?i:\b(?:share|follow\s+us|partager|partagez|suivez[-\s]nous|compartir|compartilhar"
                                 r"|síguenos|teilen|folgen\s+sie\s+uns|condividi|seguici|поделиться|поділитися)"
                                 r"(?:\s+\w+){0,2}\s+(?:on|sur|en|auf|su|no|na|в|у)\s+)$")


def _platforms(sentence: str, gazetteer: Gazetteer) -> list[_Hit]:
    hits: list[_Hit] = []
    if not _platform_hint(sentence):  # NOTE: a cheap pre-check; the patterns below are costly
        return hits
    taken: list[tuple[int, int]] = []
    for cue, pattern in _PLATFORM_RES:
        for match in pattern.finditer(sentence):
            span = match.span("p")
            if any(s <= span[0] < e for s, e in taken) or _SHARE_BUTTON.search(sentence, 0, span[0]):
                continue
            written = " ".join(match["p"].split())
            entry = gazetteer.platforms.get(_PLATFORM_NAMES.get(written, written))
            if entry is None:
                continue
            taken.append(span)
            account = None
            if "acct" in pattern.groupindex and match["acct"]:
                account = " ".join(match["acct"].split())
            label = cue
            if cue == "account":
                groups = match.groupdict()
                label = " ".join(x for x in (groups.get("official"), groups.get("noun") or "account") if x).strip()
                label = " ".join(label.split())
            hits.append((span[0], entry, entry.name, entry.kind, written, label, account))
    return hits


_UNKNOWN_DATELINE_RE = patterns.compile(
    r"^\s*" + _CITY + r"[.,]\s*" + _DATE + r"\.?\s*(?:/\s*|[-\u2013\u2014]\s*)?(?P<name>[A-Z\u0410-\u042f\u0406\u0407\u0404]"
    r"{2,8})\s*/?\.\s"
)


def _unknown_dateline(block: Block, gazetteer: Gazetteer) -> list[Citation]:
    """A dateline of the short form "КИЇВ. 3 березня. УНН." (its full stops split it into sentences, so it is read
    on the whole paragraph): the agency as the gazetteer knows it, or as written when it does not."""
    match = _UNKNOWN_DATELINE_RE.match(block.text)
    if match is None:
        return []
    name = match["name"]
    mention = Mention(name, "dateline", " ".join(block.text[:200].split()), block.line_at(match.start("name")))
    entry = gazetteer.by_alias.get(name)
    if entry is not None:
        return [Citation(entry, entry.name, entry.kind, mention)] if entry.kind == "news agency" else []
    return [Citation(None, name, "news agency", mention)]


def _unknown(sentence: str, gazetteer: Gazetteer, names: list[NameMatch]) -> list[_Hit]:
    """Outlets the gazetteer lacks, named as such and cited: "the Belarusian news agency Foo reported",
    "according to the Harbour Gazette"."""
    hits = _headword_names(sentence, gazetteer, names) if _HEADWORD_HINT(sentence) else []
    lowered = sentence.lower()
    if not _AGENCY_WORDS(lowered):
        return hits
    known = [m.span() for m in names]
    taken = [(h[0], h[0] + len(h[2])) for h in hits]
    for pattern in _UNKNOWN_RES:
        for match in pattern.finditer(sentence):
            name = match["name"]
            words = name.split()
            while words and (words[-1] in _NOT_NAMES or (_DEMONYM.match(words[-1]) and len(words) > 1)):
                words.pop()
            if not words or words[0] in _NOT_NAMES or (_DEMONYM.match(words[0]) and len(words) == 1):
                continue
            while len(words) > 1 and _DEMONYM.match(words[0]):
                words.pop(0)
            name = " ".join(words)
            if name in gazetteer.by_alias or any(w in gazetteer.by_alias for w in words):
                continue
            if pattern is _KIND_AFTER_RE and not (_HEADWORD_HINT(name) or re.search(_CONNECTOR, name)):
                continue  # "a Hong Kong magazine reported": a place, not a name
            start = sentence.index(name, match.start("name"))
            end = start + len(name)
            if any(s < end and start < e for s, e in known + taken):  # part of a known name: "l'Agence France-Presse"
                continue
            before, after = sentence[: match.start()], sentence[max(end, match.end()):]
            before = re.sub(r"(?i)\s+(?:l|dell|all|d)['\u2019]$", "", before)  # "riporta l'agenzia Foo"
            cue = None
            if m := _BEFORE_RE.search(before[-240:] + " "):
                cue = " ".join(m["cue"].lower().split())
            elif m := _AFTER_RE.match(after[:240]):
                cue = m["cue"].lower()
            if cue:
                kind = _UNKNOWN_KINDS.get(" ".join(match["kind"].lower().split()), "news agency") if "kind" in \
                    pattern.groupindex else "news agency"
                hits.append((start, None, name, kind, name, cue, None))
    return hits


def _headword_names(sentence: str, gazetteer: Gazetteer, names: list[NameMatch]) -> list[_Hit]:
    hits: list[_Hit] = []
    # a known name at the end of a longer one is not that outlet: "Herald" in "the Ferrytown Herald"
    known = [m.span() for m in names if _is_name(sentence, m)]
    for match in _HEADWORD_RE.finditer(sentence):
        words = list(re.finditer(r"\S+", match["name"]))
        end = match.end("name")
        # "According to Beverage Digest": a capitalised cue or weekday may open the run of capitals
        for word in words[:-1]:
            if word.group(0) in _NOT_NAMES or _DEMONYM.match(word.group(0)):
                continue
            start = match.start("name") + word.start()
            name = sentence[start:end]
            if any(s < end and start < e for s, e in known) or name in gazetteer.by_alias:
                break
            # NOTE: windows, not the whole sentence: a run-on "sentence" of megabytes must stay linear
            before, after = sentence[max(0, start - 240):start], sentence[end:end + 240]
            cue = None
            if m := _BEFORE_RE.search(before + " "):
                cue = " ".join(m["cue"].lower().split())
            elif m := _REPUBLISHED_RE.search(before):
                cue = "republished from"
            elif re.search(r"[a-z0-9,;\u201d\"]\s+\($", before) and re.match(r"\s*\)\s*[.!?]?\s*$", after):
                cue = "source in parentheses"  # "... move to digital billing (Harbour Business Journal)."
            elif (m := _AFTER_RE.match(after)) and not _inside_subject(before, after):
                cue = m["cue"].lower()
            if cue is not None and cue not in _WEAK_CUES:
                first = words[0].group(0)
                head = first if first in _HEADS_FIRST else words[-1].group(0)
                hits.append((start, None, name, _HEADWORD_KINDS.get(head, "newspaper"), name, cue, None))
                break
    return hits


_NEWSY_LABEL = patterns.compile(r"\b(?:News|Times|Post|Journal|Daily|Herald|Tribune|Gazette|Magazine|Radio|TV|Press"
                                r"|Chronicle|Observer|Courier|Telegraph|Express|Standard|Dispatch|Ledger|Sentinel|Inquirer"
                                r"|Examiner|Bulletin|Review|Report|Reporter|Zeitung|Nachrichten|Diario|Noticias"
                                r"|Corriere|Gazzetta|Jornal|Folha|Notícias|Газета|Новости|Вести|Новини)\b")


_PROPER_NAME = patterns.compile(r"(?:(?:The|the)\s+)?[A-Z][\w.'\u2019&-]*(?:\s+[A-Z][\w.'\u2019&-]*){0,4}")


def _names_entry(label: str, entry: Entry, gazetteer: Gazetteer) -> bool:
    """The link's text is the outlet's name, or holds it: "the Sun", "a Financial Times report"."""
    return any(gazetteer.by_alias.get(m.group(0)) is entry for m in gazetteer.names.finditer(label))


def link_citations(blocks: list[Block], anchors: Iterable[Anchor], gazetteer: Gazetteer,
                   cited: set[str]) -> list[Citation]:
    """Links as evidence of who is cited: in an attributive sentence, a link to an outlet's site names that
    outlet ("reports <a href=thesun.co.uk>the Sun</a>"), and a link to a news site the gazetteer lacks is
    named by its text ("according to the <a href=…>Valley Gazette</a>"), as not known."""
    found: list[Citation] = []
    for anchor in anchors:
        label = " ".join(anchor.label.split())
        if not (2 <= len(label) <= 80) or not anchor.url.startswith(("http://", "https://", "//")):
            continue
        host = host_of(anchor.url if not anchor.url.startswith("//") else "https:" + anchor.url)
        entry = (gazetteer.by_domain.get(host.removeprefix("www.")) or gazetteer.by_domain.get(registered_domain(host))
                 or gazetteer.by_alias.get(label) or gazetteer.by_alias.get(re.sub(r"^the\s+", "", label)))
        if entry is not None and (entry.kind == "platform" or entry.name in cited):
            continue
        if entry is not None and not _names_entry(label, entry, gazetteer):
            continue  # a link on a person's or a study's name is a reference, not the outlet named
        if entry is None and not (_NEWSY_LABEL.search(label) and _PROPER_NAME.fullmatch(label)):
            continue
        for block in blocks:
            if not block.line <= anchor.line <= block.line_at(len(block.text)):
                continue
            at = block.text.find(anchor.label.strip())
            if at < 0:
                continue
            before = block.text[max(0, at - 240): at]
            before = before[max(before.rfind(". "), before.rfind("! "), before.rfind("? ")) + 1:]
            after = block.text[at + len(anchor.label.strip()): at + len(anchor.label.strip()) + 240]
            cue = None
            if m := _BEFORE_RE.search(before):
                cue = " ".join(m["cue"].lower().split())
            elif m := _AFTER_RE.match(after):
                cue = m["cue"].lower()
            if cue is None or (entry is None and cue in _WEAK_CUES):
                continue
            evidence = " ".join(block.text[max(0, at - 160): at + len(label) + 80].split())
            mention = Mention(label, cue, evidence + f" [link: {host}]", block.line_at(at))
            if entry is not None:
                found.append(Citation(entry, entry.name, entry.kind, mention))
                cited.add(entry.name)
            else:
                name = label[4:] if label.startswith("the ") else label
                found.append(Citation(None, name, "online outlet", mention))
            break
    return found
