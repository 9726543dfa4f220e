"""An outlet is listed where the text attributes something to it, and only there."""

from __future__ import annotations

import pytest

from auditor.scan import scan_article


def cited(text: str) -> list[tuple[str, str, str]]:
    """(outlet, matched, cue) for every mention in a one-paragraph article."""
    article = scan_article("a.txt", text.encode("utf-8"))
    return [(o.name, m.matched, m.cue) for o in article.outlets for m in o.mentions]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Peskov denied the reports, according to the Russian news agency RIA.", ("RIA Novosti", "RIA", "according to")),
        ("Belarusian news agency Belta reported at the same time, citing the press service.", ("BelTA", "Belta", "reported")),
        ("The fire was out by morning, TASS said.", ("TASS", "TASS", "said")),
        ("Interfax quoted a ministry official as saying talks would resume.", ("Interfax", "Interfax", "quoted")),
        ("Ukrinform cited the general staff as saying 12 drones were downed.", ("Ukrinform", "Ukrinform", "cited")),
        ("The ministry said 12 drones were downed, citing Ukrinform.", ("Ukrinform", "Ukrinform", "citing")),
        ("A senior official told Reuters the talks had stalled.", ("Reuters", "Reuters", "told")),
        ("Zelensky said in an interview with the BBC that he was ready.", ("BBC", "the BBC", "in an interview with")),
        ("Talks were first reported by Axios on Sunday.", ("Axios", "Axios", "reported by")),
        ("Kremlin spokesman Dmitry Peskov told the state-run TASS news agency he was working.", ("TASS", "TASS", "told")),
        ("The state-run Xinhua news agency said the envoy would travel on Monday.", ("Xinhua", "Xinhua", "said")),
        ("The envoy will travel on Monday, the Xinhua news agency.", ("Xinhua", "Xinhua", "news agency")),
        ("Casualty figures rose, a Reuters tally showed.", ("Reuters", "Reuters", "tally")),
        ("Officials spoke to AFP on condition of anonymity.", ("Agence France-Presse", "AFP", "spoke to")),
        ("The plan, first seen by the Financial Times, would cap prices.", ("Financial Times", "Financial Times", "seen by")),
        ("Belta, the state news agency, reported the call.", ("BelTA", "Belta", "reported")),
        ("Reuters' Moscow bureau reported the arrests.", ("Reuters", "Reuters", "reported")),
        ("A spokesman told the Times the plan was dead.", ("The Times", "the Times", "told")),
        ("The Times of London reported the resignation.", ("The Times", "The Times of London", "reported")),
        ("Sky News Australia said the vote was close.", ("Sky News Australia", "Sky News Australia", "said")),
        ("Kremlin-controlled RT reported the strike as a provocation.", ("RT", "RT", "reported")),
        ("The minister was quoted by PTI as saying talks would go on.", ("Press Trust of India", "PTI", "quoted by")),
    ],
)
def test_attribution_cues(sentence: str, expected: tuple[str, str, str]) -> None:
    assert cited(sentence) == [expected]


def test_wire_datelines() -> None:
    assert cited("MOSCOW (Reuters) - Russia said on Saturday it had repelled attacks.") == [("Reuters", "Reuters", "dateline")]
    assert cited("KYIV, Ukraine (AP) — Ukrainian drones struck a depot.") == [("Associated Press", "AP", "dateline")]
    assert cited("NEW YORK, June 5 (Reuters) - Stocks fell.") == [("Reuters", "Reuters", "dateline")]
    assert cited("(AFP) - Talks resumed in Doha.") == [("Agence France-Presse", "AFP", "dateline")]
    assert cited("Moskau (dpa) - Der Kreml wies Berichte zurück.") == [("Deutsche Presse-Agentur", "dpa", "dateline")]
    # a bracketed name mid-paragraph is no dateline
    assert cited("He joined the agency (Reuters) - in 2010 - after college.") == []


def test_coordinated_names_share_the_cue() -> None:
    assert cited("Reuters and AFP reported heavy shelling.") == [
        ("Reuters", "Reuters", "reported"), ("Agence France-Presse", "AFP", "reported")]
    assert cited("The strike killed three, according to Reuters and the BBC.") == [
        ("Reuters", "Reuters", "according to"), ("BBC", "the BBC", "according to")]


def test_official_telegram_account_is_the_platform_with_its_account() -> None:
    article = scan_article("a.txt", b"He briefed the president, according to a message posted on the official "
                                    b"Telegram account of the Belarusian presidency.")
    (outlet,) = article.outlets
    (mention,) = outlet.mentions
    assert (outlet.name, outlet.kind, mention.cue, mention.account) == (
        "Telegram", "platform", "official account", "the Belarusian presidency")


@pytest.mark.parametrize(
    ("sentence", "platform", "account"),
    [
        ("The governor said on Telegram that two people were hurt.", "Telegram", None),
        ("The mayor wrote on X that power would be back by noon.", "X", None),
        ("The claim was posted on Twitter late on Friday.", "X", None),
        ("The figures appeared in a Facebook post by the ministry.", "Facebook", None),
        ("The video was published on the ministry's Telegram channel.", "Telegram", "the ministry"),
        ("Footage shared on Zelensky’s Instagram page showed the visit.", "Instagram", "Zelensky"),
    ],
)
def test_platform_citations(sentence: str, platform: str, account: str | None) -> None:
    article = scan_article("a.txt", sentence.encode())
    assert [(o.name, o.kind, o.mentions[0].account) for o in article.outlets] == [(platform, "platform", account)]


def test_embedded_post_by_an_outlet_account_cites_the_outlet() -> None:
    text = ("The president's office published the full statement shortly after midnight on its website.\n\n"
            "BREAKING: Statement released.\n\n— Sky News (@SkyNews) June 24, 2023\n")
    assert cited(text) == [("Sky News", "@SkyNews", "embedded post")]


def test_a_platform_that_is_the_story_is_not_cited() -> None:
    assert cited("The Guardian reported on TikTok's plans to open a data centre.") == [
        ("The Guardian", "The Guardian", "reported")]
    assert cited("Reuters reported on X Corp's lawsuit.") == [("Reuters", "Reuters", "reported")]


def test_ambiguous_abbreviations_need_a_reporting_cue() -> None:
    assert cited("The PTI said it would boycott the vote.") == []
    assert cited("The minister was quoted by PTI as saying talks would go on.") == [
        ("Press Trust of India", "PTI", "quoted by")]


def test_an_agency_missing_from_the_gazetteer_is_listed_as_unknown() -> None:
    article = scan_article("a.txt", b"The Belarusian news agency Minsk-Vesti reported troop movements.")
    (outlet,) = article.outlets
    assert (outlet.name, outlet.kind, outlet.known, outlet.mentions[0].cue) == ("Minsk-Vesti", "news agency", False, "reported")
    article = scan_article("a.txt", b"The fighting continued, the Kazakh Zhetysu-Info news agency said.")
    assert [(o.name, o.known) for o in article.outlets] == [("Zhetysu-Info", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Kremlin said NATO was escalating tensions.",
        "Leaders of the SCO met in Astana, the Kremlin said.",
        "Wagner fighters have left Belarus.",
        "Sky 501 carried the address live.",
        "The Reuters Institute published its Digital News Report.",
        "The Thomson Reuters Foundation announced new grants.",
        "Former mayor Michael Bloomberg said he would fund it.",
        "Students learn the AP Stylebook rules.",
        "The TASS building on Tverskoy Boulevard was cordoned off.",
        "Telegram founder Pavel Durov said the app has 900 million users.",
        "Facebook said it had removed the network.",
        "X Corp filed a lawsuit on Monday.",
        "Many readers get their news from TikTok and Instagram, a survey found.",
        "The Guardian angel statue was restored, the council said.",
        "Reuters is a news agency headquartered in London.",
        "He worked for the AFP bureau in Nairobi for a decade.",
        "The UN agency said aid deliveries had resumed.",
        "The Russian news agency said nothing.",
        "Rumours circulated on social media that he had left Moscow.",
        "Thomson Reuters said on Tuesday its quarterly revenue rose 5%.",
        "The PTI announced it would boycott the vote.",
        "The AAP claimed the BJP was buying votes.",
        "According to RBC, the loonie will weaken.",
        "Bloomberg, the former New York mayor, announced a donation.",
        "The Dow Jones posted its biggest gain in a month.",
        "Efe, a 23-year-old student from Ikeja, said she would vote.",
        "Hina said her shop was destroyed.",
        "The BBC was described by critics as biased.",
        "CNN was found to have breached the code.",
        "Russia expelled the AFP correspondent on Monday.",
        "He once worked for the Reuters news agency in Cairo.",
        "The film is based on a BBC documentary about bees.",
        "The ministry told the news agency Sunday that it would respond.",
        "The regulator published new rules on WhatsApp's encryption.",
        "Per AP style, the word is lowercase.",
        "CNN added 200 jobs last year.",
    ],
)
def test_mentions_that_are_not_citations(sentence: str) -> None:
    assert cited(sentence) == []


def test_outlets_named_inside_a_pasted_post_are_the_posters_citation() -> None:
    text = ("The ministry published its figures on Friday evening, hours after the strike on the depot and "
            "the fire that followed it, and officials promised an update in the morning.\n\n"
            "Ministry says 12 drones downed, TASS reports #Belgorod\n\n— Jane Doe (@janedoe_news) May 2, 2024\n")
    # TASS is the poster's source; the article cites the post, on X, by its account
    assert cited(text) == [("X", "@janedoe_news", "embedded post")]
    (outlet,) = scan_article("a.txt", text.encode()).outlets
    assert outlet.mentions[0].account == "Jane Doe (@janedoe_news)"


def test_evidence_sentence_and_line() -> None:
    text = "First paragraph without sources.\n\nSecond one. Officials told Reuters the talks\nhad stalled. Third sentence.\n"
    article = scan_article("a.txt", text.encode())
    (outlet,) = article.outlets
    (mention,) = outlet.mentions
    assert mention.sentence == "Officials told Reuters the talks had stalled."
    assert mention.line == 3
