"""Each way of citing an outlet, in every language the scanner reads (en, de, fr, es, it, pt, ru, uk).

The sentences are written for these tests in the styles the outlets of each
language use; each names the outlets a careful editor would list.
"""

from __future__ import annotations

import pytest

from auditor.scan import scan_article


def outlets(text: str, name: str = "a.txt") -> set[str]:
    return {o.name for o in scan_article(name, text.encode("utf-8")).outlets}


def case(language: str, text: str, *expected: str) -> object:
    return pytest.param(text, set(expected), id=f"{language}: {text[:50]}")


NOUN_PHRASES = [
    case("en", "The ministry's figures were contradicted by an analysis by Reuters of satellite images.", "Reuters"),
    case("en", "The scheme was first described in a report in Le Monde last spring.", "Le Monde"),
    case("en", "He repeated the claim in an interview with the agency Interfax.", "Interfax"),
    case("de", "Das geht aus einem Bericht der Süddeutschen Zeitung hervor, auf den sich auch andere berufen.",
         "Süddeutsche Zeitung"),
    case("de", "Im Interview mit der Nachrichtenagentur dpa sprach er von einem Kompromiss.", "Deutsche Presse-Agentur"),
    case("fr", "Dans un entretien accordé au Figaro, le ministre a défendu la réforme.", "Le Figaro"),
    case("fr", "D'après les informations du Parisien, la décision est imminente.", "Le Parisien"),
    case("es", "En una entrevista con la agencia Europa Press, el alcalde defendió el plan.", "Europa Press"),
    case("es", "Según ha publicado El Confidencial, la operación se cerrará en junio.", "El Confidencial"),
    case("it", "In un'intervista al Corriere della Sera il ministro ha escluso un rimpasto.", "Corriere della Sera"),
    case("it", "Secondo quanto riportato dall'Adnkronos, il vertice è stato rinviato.", "Adnkronos"),
    case("pt", "Em entrevista à Folha de S.Paulo, o ministro negou a mudança.", "Folha de S.Paulo"),
    case("pt", "De acordo com informações do G1, a votação foi adiada.", "G1"),
    case("ru", "По данным газеты «Коммерсантъ», сделка сорвалась в последний момент.", "Kommersant"),
    case("ru", "В интервью агентству Интерфакс министр назвал сроки.", "Interfax"),
    case("uk", "За інформацією видання «Українська правда», рішення вже ухвалене.", "Ukrainska Pravda"),
    case("uk", "В інтерв'ю Укрінформу посол розповів про переговори.", "Ukrinform"),
]

COORDINATION = [
    case("en", "The papers Bild and Der Spiegel reported the same figures.", "Bild", "Der Spiegel"),
    case("en", "The talks stalled, according to Reuters and the Associated Press.", "Reuters", "Associated Press"),
    case("de", "Das berichteten übereinstimmend Bild und Spiegel.", "Bild", "Der Spiegel"),
    case("fr", "Selon Le Monde et Libération, le texte sera retiré.", "Le Monde", "Libération"),
    case("es", "Según El País y El Mundo, el acuerdo está cerrado.", "El País", "El Mundo"),
    case("it", "Lo riportano la Repubblica e il Corriere della Sera.", "La Repubblica", "Corriere della Sera"),
    case("pt", "Segundo a Folha e o Estadão, o projeto será votado amanhã.", "Folha de S.Paulo", "O Estado de S. Paulo"),
    case("ru", "Об этом сообщают ТАСС и РИА Новости.", "TASS", "RIA Novosti"),
    case("uk", "Про це повідомляють Укрінформ та УНІАН.", "Ukrinform", "UNIAN"),
]

CREDITS = [
    case("en", "By The Associated Press\n\nThe storm made landfall overnight.", "Associated Press"),
    case("en", "The storm made landfall overnight.\n\nReuters contributed to this report.", "Reuters"),
    case("en", "The storm made landfall overnight.\n\nWith reporting by Reuters.", "Reuters"),
    case("en", "The storm made landfall overnight.\n\nThis story was provided by The Associated Press.",
         "Associated Press"),
    case("de", "Der Sturm erreichte in der Nacht die Küste.\n\nDieser Text erschien zuerst im Handelsblatt.",
         "Handelsblatt"),
    case("pt", "A tempestade atingiu a costa durante a noite.\n\nPublicado originalmente na Folha de S.Paulo.",
         "Folha de S.Paulo"),
    case("de", "Von Anna Muster, dpa\n\nDer Sturm erreichte in der Nacht die Küste.", "Deutsche Presse-Agentur"),
    case("de", "Der Sturm erreichte in der Nacht die Küste.\n\n(mit dpa)", "Deutsche Presse-Agentur"),
    case("de", "Der Sturm erreichte in der Nacht die Küste.\n\n23. März 2017, 15:43 Uhr\n | Quelle: Handelsblatt Online",
         "Handelsblatt"),
    case("fr", "Le Monde avec AFP | 5 juillet\n\nLa tempête a touché la côte dans la nuit.", "Agence France-Presse"),
    case("fr", "Par AFP\n\nLa tempête a touché la côte dans la nuit.", "Agence France-Presse"),
    case("es", "Por Agencia EFE\n\nLa tormenta llegó a la costa durante la noche.", "Agencia EFE"),
    case("es", "La tormenta llegó a la costa durante la noche.\n\nFuente: Europa Press", "Europa Press"),
    case("it", "La tempesta ha raggiunto la costa nella notte.\n\nFonte: ANSA", "ANSA"),
    case("pt", "A tempestade atingiu a costa durante a noite.\n\nFonte: Agência Brasil", "Agência Brasil"),
    case("pt", "Por Agência Brasil\n\nA tempestade atingiu a costa durante a noite.", "Agência Brasil"),
    case("ru", "Шторм обрушился на побережье ночью.\n\nИсточник: ТАСС", "TASS"),
    case("uk", "Шторм накрив узбережжя вночі.\n\nДжерело: Укрінформ", "Ukrinform"),
]

INFLECTED_AND_INVERTED = [
    case("en", "As the Financial Times reported on Monday, the bid was withdrawn.", "Financial Times"),
    case("de", "Das sagte der Minister gegenüber der Süddeutschen.", "Süddeutsche Zeitung"),
    case("de", "Das hatte zuvor die Frankfurter Allgemeine berichtet.", "Frankfurter Allgemeine Zeitung"),
    case("fr", "Les chiffres, cités par le quotidien Kommersant, sont contestés.", "Kommersant"),
    case("fr", "Le projet est abandonné, révèle Mediapart.", "Mediapart"),
    case("es", "La Vanguardia informó de que el pleno se aplaza.", "La Vanguardia"),
    case("es", "El acuerdo está cerrado, publica El Periódico.", "El Periódico"),
    case("it", "La Repubblica scriveva ieri che il decreto slitta.", "La Repubblica"),
    case("it", "Dall'ANSA si apprende che il vertice è rinviato.", "ANSA"),
    case("pt", "O acordo foi fechado, informou a Agência Brasil.", "Agência Brasil"),
    case("pt", "Segundo a Folha, o ministro deixará o cargo.", "Folha de S.Paulo"),
    case("ru", "Как пишут «Ведомости», сделка сорвалась.", "Vedomosti"),
    case("ru", "Об этом «Известиям» рассказал источник в министерстве.", "Izvestia"),
    case("uk", "Як пише «Українська правда», рішення ухвалене.", "Ukrainska Pravda"),
]

TRANSLITERATED = [
    case("de", "Das berichtete die Nowaja Gaseta unter Berufung auf Augenzeugen.", "Novaya Gazeta"),
    case("de", "Wie die Ukrajinska Prawda berichtet, wurde der Minister entlassen.", "Ukrainska Pravda"),
    case("fr", "Selon Novaïa Gazeta, les arrestations se poursuivent.", "Novaya Gazeta"),
    case("en", "The decision was first reported by Kommersant.", "Kommersant"),
    case("it", "Lo scrive Novaja Gazeta citando fonti locali.", "Novaya Gazeta"),
]

PLATFORM_STATEMENTS = [
    case("en", "The governor said on Telegram that the fire was out.", "Telegram"),
    case("en", "In a Truth Social post, the former president attacked the judge.", "Truth Social"),
    case("en", "The singer wrote on his Instagram that the tour was cancelled.", "Instagram"),
    case("en", "In a voice message on WhatsApp, the captain said the crew was safe.", "WhatsApp"),
    case("en", "The minister tweeted that talks would resume.", "X"),
    case("de", "Der Bürgermeister schrieb auf X, die Straße bleibe gesperrt.", "X"),
    case("fr", "Le maire a écrit sur Facebook que l'école restera fermée.", "Facebook"),
    case("es", "El alcalde publicó en Instagram un vídeo del incendio.", "Instagram"),
    case("it", "Il sindaco ha scritto su Facebook che la scuola resterà chiusa.", "Facebook"),
    case("pt", "O prefeito publicou no Instagram um vídeo do incêndio.", "Instagram"),
    case("ru", "Губернатор написал в своем Telegram-канале, что пожар потушен.", "Telegram"),
    case("uk", "Про це він написав у Telegram-каналі.", "Telegram"),
]

QUESTIONS = [
    case("en", "When the BBC asked him about the payments, he declined to comment.", "BBC"),
    case("en", "Asked by CNN whether he would resign, the minister said no.", "CNN"),
    case("en", "The company did not respond to a request for comment from Reuters.", "Reuters"),
    case("de", "Auf Anfrage des Spiegel wollte sich das Ministerium nicht äußern.", "Der Spiegel"),
    case("fr", "Interrogé par l'AFP, le ministère n'a pas souhaité commenter.", "Agence France-Presse"),
    case("es", "Consultado por El País, el ministerio no quiso hacer comentarios.", "El País"),
    case("it", "Interpellato dall'ANSA, il ministero non ha commentato.", "ANSA"),
    case("pt", "Procurado pela Folha, o ministério não respondeu.", "Folha de S.Paulo"),
    case("ru", "На вопрос РИА Новости в министерстве ответили отказом.", "RIA Novosti"),
    case("uk", "На запит Укрінформу в міністерстві не відповіли.", "Ukrinform"),
]

PORTUGUESE = [
    case("pt", "Segundo a Folha de S.Paulo, o ministro deixará o cargo.", "Folha de S.Paulo"),
    case("pt", "Em entrevista à CNN Brasil, o governador negou a crise.", "CNN Brasil"),
    case("pt", "De acordo com o G1, o acidente ocorreu na madrugada.", "G1"),
    case("pt", "O Globo noticiou que a proposta será votada amanhã.", "O Globo"),
    case("pt", "A informação foi divulgada pelo jornal O Estado de S. Paulo.", "O Estado de S. Paulo"),
    case("pt", "O ministro disse à Agência Lusa que o plano avança.", "Lusa"),
    case("pt", "Brasília, 3 mar (Agência Brasil) - O governo anunciou o plano.", "Agência Brasil"),
]


CONSTRUCTIONS = {
    "noun phrase": NOUN_PHRASES,
    "coordination": COORDINATION,
    "byline or credit line": CREDITS,
    "article, inflection, inversion": INFLECTED_AND_INVERTED,
    "transliterated name": TRANSLITERATED,
    "statement on a platform": PLATFORM_STATEMENTS,
    "question put by an outlet": QUESTIONS,
    "Portuguese": PORTUGUESE,
}


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(*case.values, id=f"{construction} / {case.id}")  # type: ignore[attr-defined]
    for construction, cases in CONSTRUCTIONS.items() for case in cases
])
def test_each_construction_in_each_language(text: str, expected: set[str]) -> None:
    assert outlets(text) == expected


AMBIGUOUS = [
    # the same short names, once cited and once as ordinary words, places or people
    case("en", "Speaking to the Sun, the manager admitted mistakes.", "The Sun"),
    case("en", "The sun rose over the harbour as the boats came in."),
    case("en", "Sun Microsystems was bought by Oracle in 2010."),
    case("en", "The Mirror reported that the striker will leave.", "Daily Mirror"),
    case("en", "She looked in the mirror and laughed."),
    case("en", "Time magazine reported that the deal had collapsed.", "Time"),
    case("en", "Time will tell whether the plan works."),
    case("en", "Forbes says the fortune doubled.",),
    case("en", "Steve Forbes said the tax plan was unfair."),
    case("de", "Wie der Stern berichtet, ist der Vertrag unterschrieben.", "Stern"),
    case("de", "Der Stern über dem Rathaus leuchtet wieder."),
    case("de", "Die Welt berichtete zuerst über den Fall.", "Die Welt"),
    case("de", "Die Welt schaut auf Glasgow."),
    case("ru", "Агентство со ссылкой на источник сообщило, что решение отложено."),
    case("ru", "Как сообщило издание «Агентство», решение отложено.", "Agentstvo"),
]


def test_the_publisher_of_wire_copy_is_not_its_source() -> None:
    page = ('<html><head><meta property="og:site_name" content="Le Monde"></head><body><article>'
            "<p class='signature'>Par Le Monde avec AFP</p><p>La tempête a touché la côte dans la nuit, "
            "privant d'électricité des milliers de foyers.</p></article></body></html>")
    assert outlets(page, "a.html") == {"Agence France-Presse"}


@pytest.mark.parametrize(("text", "expected"), AMBIGUOUS)
def test_names_that_are_also_words(text: str, expected: set[str]) -> None:
    assert outlets(text) == expected


def page(body: str, head: str = "", url: str = "https://www.harbourdaily.example/news/2024/story.html") -> str:
    return (f'<html><head><meta property="og:site_name" content="Harbour Daily"><link rel="canonical" href="{url}">'
            f"{head}</head><body><article>{body}</article></body></html>")


STORY = "<p>The storm made landfall overnight, cutting power to thousands of homes along the coast.</p>"


@pytest.mark.parametrize(("html", "expected"), [
    pytest.param(page(STORY, '<meta name="author" content="Reuters">'), {"Reuters"}, id="meta author"),
    pytest.param(page(STORY, '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
                             '{"@type": "Organization", "name": "Associated Press"}}</script>'),
                 {"Associated Press"}, id="JSON-LD author"),
    pytest.param(page(STORY, '<meta name="author" content="Anna Muster, dpa">'), {"Deutsche Presse-Agentur"},
                 id="author with agency"),
    pytest.param(page(STORY, url="https://www.harbourdaily.example/reuters/2024/03/04/storm.html"), {"Reuters"},
                 id="section path"),
    pytest.param(page(STORY, '<meta name="author" content="Jane Doe">'), set(), id="a person"),
    pytest.param(page(STORY, url="https://www.harbourdaily.example/news/pa/2024/storm.html"), set(),
                 id="two letters that are not an agency's section"),
])
def test_wire_copy_credited_in_the_pages_metadata(html: str, expected: set[str]) -> None:
    assert outlets(html, "a.html") == expected


@pytest.mark.parametrize(("html", "expected"), [
    pytest.param(page('<p>The striker will leave in the summer, reports <a href="https://www.thesun.co.uk/sport/1">'
                      "the Sun</a>, citing club sources.</p>"), {"The Sun"}, id="known outlet linked"),
    pytest.param(page('<p>The council approved the plan, according to the <a href="https://www.hbgazette.example/1">'
                      "Harbourside Gazette</a>.</p>"), {"Harbourside Gazette"}, id="unknown outlet named by its link"),
    pytest.param(page('<p>The council approved the plan, according to the <a href="https://www.who.int/">'
                      "World Health Organization</a>.</p>"), set(), id="a public body is no outlet"),
    pytest.param(page('<p>Herd immunity is not an end point, says <a href="https://www.thesun.co.uk/x">'
                      "Marc Lipsitch</a> of Harvard.</p>"), set(), id="a person linked to a paper"),
])
def test_links_as_evidence(html: str, expected: set[str]) -> None:
    assert outlets(html, "a.html") == expected


def test_an_outlet_named_by_its_link_is_marked_unknown() -> None:
    html = page('<p>The council approved the plan, according to the <a href="https://www.hbgazette.example/1">'
                "Harbourside Gazette</a>.</p>")
    (outlet,) = scan_article("a.html", html.encode()).outlets
    assert (outlet.name, outlet.known) == ("Harbourside Gazette", False)
    assert "hbgazette.example" in outlet.mentions[0].sentence


def test_a_post_by_an_outlets_account_cites_the_outlet() -> None:
    html = page('<blockquote class="twitter-tweet"><p>Breaking: the bridge is closed.</p>&mdash; The Sun '
                '(@TheSun) <a href="https://twitter.com/TheSun/status/1763812345678901234">March 2, 2024</a>'
                "</blockquote>")
    assert outlets(html, "a.html") == {"The Sun"}


@pytest.mark.parametrize(("html", "expected"), [
    # the story beside an empty <article> shell
    pytest.param("<html><body><article><p>Share</p></article><div class='content'>"
                 + "<p>The mayor resigned on Monday, the Associated Press reported, after weeks of pressure.</p>" * 3
                 + "</div></body></html>", {"Associated Press"}, id="text outside an empty article"),
    # a standfirst above the body carries the citation
    pytest.param("<html><body><article><p class='standfirst'>Selon Le Monde, le ministre a démissionné.</p>"
                 "<div class='article-body'>" + "<p>Le ministre a quitté ses fonctions lundi soir.</p>" * 8
                 + "</div></article></body></html>", {"Le Monde"}, id="standfirst beside the body"),
    # several stories streamed one after another: the one the page is titled after
    pytest.param("<html><head><meta property='og:title' content='Bridge closed after storm damage'></head><body>"
                 "<article><h1>Bridge closed after storm damage</h1>"
                 + "<p>The bridge was closed, Reuters reported.</p>" * 2 + "</article><article><h1>Other story</h1>"
                 + "<p>Prices rose again in March, Bloomberg reported on Tuesday, citing figures.</p>" * 12
                 + "</article></body></html>", {"Reuters"}, id="the page's own story of several"),
    # a rail of teasers whose class reads like a body ("top-story-content") beside the story itself
    pytest.param("<html><body><div class='top-story-content'>"
                 + "<p>Prices rose again in March, Bloomberg reported on Tuesday, citing figures.</p>" * 5
                 + "</div><div class='art'><p>SAN FRANCISCO (AP) — The company's chief resigned on Wednesday.</p>"
                 + "<p>The board named a successor and said the handover would take effect at once.</p>" * 10
                 + "</div></body></html>", {"Associated Press"}, id="a teaser rail with a body's class"),
    # a story written as lines broken by <br>, beside a comment thread in paragraphs
    pytest.param("<html><body><div id='articleBody'>The truck driver pulled the family from the car.<br><br>"
                 + "He told Jalopnik that he acted without thinking about the flames behind him.<br><br>" * 6
                 + "</div><div class='comments'>" + "<p>What a hero, I hope he gets a medal for this one.</p>" * 12
                 + "</div></body></html>", {"Jalopnik"}, id="a story in lines broken by br"),
    # the only <article> elements are readers' comments; the story is in paragraphs elsewhere
    pytest.param("<html><body><div class='main-content'>"
                 + "<p>The airline will cut ten routes this winter, Travel Weekly reported on Monday.</p>" * 6
                 + "</div><article itemtype='http://schema.org/UserComments' class='single-comment'>"
                 + "<p>I flew with them last year and it was fine, no complaints at all about it.</p>" * 5
                 + "</article></body></html>", {"Travel Weekly"}, id="comments marked up as articles"),
    # the story wrapped in a container whose class reads like chrome
    pytest.param("<html><body><article class='main'><h1>Robots are coming for our jobs</h1>"
                 "<aside class='byline'><div class='related-content'><section class='arttext'>"
                 "<div class='provider-byline'>This story originally appeared on Reuters</div><div class='bodycopy'>"
                 + "<p>Executives at the conference warned that automation would replace many jobs.</p>" * 6
                 + "</div></section></div></aside></article></body></html>", {"Reuters"},
                 id="a story inside a related-content wrapper"),
    # the agency's name alone under the headline is its byline; a credit sharing its block with the date
    pytest.param("<html><body><article><h1>Storm closes schools</h1><p>Winds of up to 84mph hit the coast.</p>"
                 "<div class='byline'><a href='/profile/pa'>Press Association</a></div>"
                 + "<p>Dozens of schools were shut and bridges closed to high-sided vehicles overnight.</p>" * 6
                 + "</article></body></html>", {"PA Media"}, id="an agency's name alone as the byline"),
    pytest.param("<html><body><article><h1>La note du pays abaissée</h1><p class='signature'>Le Monde.fr avec AFP"
                 "<br> | 05.07.2011 à 22h09</p>"
                 + "<p>L'agence de notation a abaissé la note du pays de quatre crans mardi soir.</p>" * 6
                 + "</article></body></html>", {"Agence France-Presse"}, id="a credit above the date in one block"),
    # readers' comments in a container named without a separator ("commentcontent")
    pytest.param("<html><body><div class='post'>"
                 + "<p>The host announced she would end her radio show, she told the Associated Press.</p>" * 3
                 + "</div><div class='commentcontent'>"
                 + "<p>I never liked her show and I am glad it is over, as Reuters said years ago.</p>" * 9
                 + "</div></body></html>", {"Associated Press"}, id="a comment thread outweighing the post"),
    # a liveblog whose entries are each wrapped on their own: every entry is the story, not the longest
    pytest.param("<html><body><div class='feed'>"
                 + "".join(f"<div><article class='entry'><h2>Update {i}</h2><div class='post-content'><p>{text}</p>"
                           "</div></article></div>" for i, text in enumerate([
                               "The mayor said on Telegram that the roads would reopen at noon after the storm.",
                               "Officials will give another update on the storm damage later this afternoon.",
                               "Rescue teams reached the last stranded village, according to Reuters, at dawn."]))
                 + "</div></body></html>", {"Telegram", "Reuters"}, id="liveblog entries wrapped one by one"),
    # a liveblog's updates that only its JSON-LD holds (loaded as the reader scrolls)
    pytest.param("<html><head><script type='application/ld+json'>{\"@type\": \"LiveBlogPosting\", "
                 "\"liveBlogUpdate\": [{\"@type\": \"BlogPosting\", \"articleBody\": \"The governor tweeted "
                 "that state crews were on their way to the valley.\"}]}</script></head><body><article>"
                 + "<p>Crews cleared fallen trees from the main road through the valley overnight.</p>" * 4
                 + "</article></body></html>", {"X"}, id="liveblog updates only in JSON-LD"),
    # words of a paragraph in a span whose class reads like chrome
    pytest.param(page("<p>She had been ill for weeks, <span class='comment-selection'>according to a Facebook "
                      "post</span> by her family.</p>"), {"Facebook"}, id="a span of a paragraph named like chrome"),
    # a republished story: the canonical address is the original outlet's, the site's name is another
    pytest.param("<html><head><link rel='canonical' href='https://www.reuters.com/article/robots-idUS1'>"
                 "<meta property='og:site_name' content='Harbour Business'></head><body><article>"
                 "<p>This story originally appeared on Reuters.</p>"
                 + "<p>Executives at the conference warned that automation would replace many jobs.</p>" * 6
                 + "</article></body></html>", {"Reuters"}, id="republished under a canonical of the original"),
])
def test_the_body_is_found_in_awkward_pages(html: str, expected: set[str]) -> None:
    assert outlets(html, "a.html") == expected


def test_a_post_from_an_outlets_telegram_channel_cites_the_outlet() -> None:
    widget = '<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="{}"></script>'
    html = page(STORY + widget.format("tass_agency/254001") + widget.format("belgorod_gov/1234"))
    article = scan_article("a.html", html.encode())
    assert {o.name: o.mentions[0].account for o in article.outlets} == {"TASS": None, "Telegram": "@belgorod_gov"}


NOT_CITATIONS = [
    # a byline's person whose name is also an outlet's
    case("en", "By Sun Li and Chen Wei\n\nChina's exports rose 7 percent in February, customs data showed."),
    case("es", "Por Marca García\n\nEl ayuntamiento aprobó el presupuesto, informó la alcaldesa."),
    case("pt", "Por Valor Santos\n\nA Câmara aprovou o orçamento, informou o prefeito."),
    case("en", "By Chronicle Staff\n\nA fire destroyed a barn on Route 9, firefighters said."),
    # the outlet inside the subject: owned, worked at, travelled on
    case("en", "Rupert Murdoch, who owns The Sun and The Times, said he would step down as chairman."),
    case("en", "Jeff Bezos, the owner of The Washington Post, said the paper would focus on personal liberties."),
    case("en", "News Corp, which owns The Times, The Sun and the Wall Street Journal, reported a rise in revenue."),
    case("en", "The union representing staff at the Mirror and the Express said 100 jobs would go."),
    case("en", "Commuters on the Metro reported delays of up to 40 minutes after a signal failure."),
    case("en", "Viewers of the BBC reported problems with the iPlayer app on Saturday evening."),
    case("es", "Unidad Editorial, propietaria de El Mundo y Marca, informó de pérdidas por 20 millones."),
    case("pt", "O ex-diretor da Folha de S.Paulo disse que o jornal errou."),
    # journals and official gazettes are not the press; an outlet's own rule book is not its reporting
    case("en", "The study, published in the New England Journal of Medicine, found the vaccine was 95% effective."),
    case("pt", "O Diário Oficial da União publicou nesta segunda a nomeação do ministro."),
    case("en", "According to the BBC's own guidelines, presenters must remain impartial."),
    case("en", "Efe, a 23-year-old student from Ikeja, said she would vote."),
]

MORE_CITATIONS = [
    case("en", "The BBC's Russia editor, Steve Rosenberg, reported that the Kremlin had rejected the offer.", "BBC"),
    case("en", "Axios' Mike Allen reported that the president had decided.", "Axios"),
    case("en", "Hamilton admitted the error in his BBC Sport column on Monday.", "BBC"),
    case("en", "As Elizabeth Kolbert argued in the New Yorker, the extinction is man-made.", "The New Yorker"),
    case("en", "The Sun's political editor reported that the chancellor would delay the budget.", "The Sun"),
    case("en", "Variety reported that the studio had shelved the sequel.", "Variety"),
    case("en", "The Hindu reported that the state would hold early elections.", "The Hindu"),
    case("en", "Politico, which first obtained the memo, said it was dated March 3.", "Politico"),
    case("en", "A YouGov poll for The Times found 55 percent opposed the plan.", "The Times"),
    case("en", "In an op-ed for The Washington Post, the senator argued that the law was unconstitutional.",
         "The Washington Post"),
    case("en", "The Herald has obtained documents showing the deal was signed.\n\nThe Associated Press contributed.",
         "Associated Press"),
    case("de", "Das berichtet der „Blick“ unter Berufung auf Polizeikreise.", "Blick"),
    case("de", "Das zeigen Dokumente, die dem „Spiegel“ vorliegen.", "Der Spiegel"),
    case("de", "Der Minister sagte im Deutschlandfunk, die Reform komme.", "Deutschlandfunk"),
    case("fr", "Selon des documents consultés par Mediapart, le ministre était informé.", "Mediapart"),
    case("fr", "Selon nos confrères de La Dépêche du Midi, l'usine fermera en juin.", "La Dépêche du Midi"),
    case("fr", "D'après un sondage Ifop pour le JDD, 58 % des Français sont opposés.", "Le Journal du Dimanche"),
    case("es", "Fuentes del Gobierno dijeron a Europa Press que la reunión se aplazó.", "Europa Press"),
    case("es", "El presidente dijo a la agencia Efe que no habrá adelanto electoral.", "Agencia EFE"),
    case("it", "Come rivelato da Domani, l'indagine coinvolge tre funzionari.", "Domani"),
    case("pt", "As informações são do jornal O Estado de S. Paulo.", "O Estado de S. Paulo"),
    case("pt", "O acidente deixou três mortos, informou o g1.", "G1"),
    case("ru", "Как выяснил «Проект», компания принадлежит родственникам чиновника.", "Proekt"),
    case("ru", "Как сообщает «Спутник», выборы пройдут в апреле.", "Sputnik"),
    # a closing copyright line of the agency, a closing bracketed source, a feminine "parue dans"
    case("en", "The storm made landfall overnight.\n\nCopyright 2024 by The Associated Press. All rights reserved.",
         "Associated Press"),
    case("en", "The sequel starts shooting in May, with the original cast returning. [Variety]", "Variety"),
    case("fr", "La tempête a touché la côte dans la nuit.\n\nCette enquête est parue dans Le Parisien.", "Le Parisien"),
    # interviews and figures named by where they appeared; a paper's home town between cue and name
    case("en", "She spoke about the album during her latest interview with Rolling Stone.", "Rolling Stone"),
    case("en", "The figures, first flagged by our friends at Engadget, show a drop in sales.", "Engadget"),
    case("en", "According to figures released Monday on Axios, hiring slowed in May.", "Axios"),
    case("en", "The abuse came to light in an investigation by the Minneapolis, Minnesota, Star Tribune.", "Star Tribune"),
    case("en", "The senator was interviewed on Meet the Press and denied the claim.", "NBC News"),
]

UNKNOWN_OUTLETS = [
    # named like a paper (a newspaper's word ends or opens the name) and cited: listed, as not known
    case("en", "The mill will close in June, according to the Ferrytown Herald.", "Ferrytown Herald"),
    case("en", "The Quayside Gazette first reported the closure on Tuesday.", "Quayside Gazette"),
    case("en", "The figures were confirmed to Brightwater Daily News by the council.", "Brightwater Daily News"),
    case("en", "The website of the Diario de Villanueva newspaper reported the arrests.", "Diario de Villanueva"),
    case("es", "Según el Diario de Villanueva, el puerto cerrará en junio.", "Diario de Villanueva"),
    case("it", "Lo riporta la Gazzetta di Roccalta citando fonti della procura.", "Gazzetta di Roccalta"),
    case("en", "The startup raised $12 million to move billing online (Harbourside Business Journal).",
         "Harbourside Business Journal"),
    # not citations: an editor, a spokesman, a journal, a report, a place
    case("en", "Ferrytown Herald editor Jane Doe said the paper would be sold."),
    case("en", "A spokesman for the Ferrytown Herald said it would appeal the ruling."),
    case("en", "The study, published in the Journal of Clinical Investigation, found no link."),
    case("en", "According to the Mueller Report, there were more than 100 contacts."),
    case("en", "More than 4,500 people died, a Hong Kong magazine reported in 2001."),
]


@pytest.mark.parametrize(("text", "expected"), UNKNOWN_OUTLETS)
def test_outlets_the_gazetteer_lacks_named_like_papers(text: str, expected: set[str]) -> None:
    article = scan_article("a.txt", text.encode("utf-8"))
    assert {o.name for o in article.outlets} == expected
    assert not any(o.known for o in article.outlets)


PHOTO_CREDITS = [
    case("en", "Protesters gathered outside parliament on Sunday.\n\n© AFP / Jane Doe"),
    case("en", "Protesters gathered outside parliament on Sunday.\n\nCopyright 2024 The Harbour Times Company"),
]


@pytest.mark.parametrize(("text", "expected"), PHOTO_CREDITS)
def test_photo_and_publisher_copyright_lines_are_not_wire_credits(text: str, expected: set[str]) -> None:
    assert outlets(text) == expected


@pytest.mark.parametrize(("text", "expected"), NOT_CITATIONS + MORE_CITATIONS)
def test_traps_and_citations_found_by_trying_to_break_it(text: str, expected: set[str]) -> None:
    assert outlets(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    case("fr", "Selon RTL, le suspect est connu des services de police.", "RTL (France)"),
    case("de", "Laut RTL ist der Verdächtige der Polizei bekannt.", "RTL"),
    case("pt", "Segundo o Público, o governo vai aprovar o orçamento na próxima semana.", "Público (Portugal)"),
    case("es", "Según Público, el Gobierno aprobará los presupuestos la próxima semana.", "Público"),
])
def test_one_name_two_outlets_told_apart_by_the_articles_language(text: str, expected: set[str]) -> None:
    assert outlets(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The mayor told the Allentown, Pennsylvania, Morning Call that the fees had doubled.", "The Morning Call"),
    ("According to the Allentown, Pa., Morning Call, the fees had doubled.", "The Morning Call"),
    ("The count was late, the clerk told the Manchester, New Hampshire, Union Leader on Monday.",
     "New Hampshire Union Leader"),
])
def test_a_papers_home_town_between_the_cue_and_its_name(text: str, expected: str) -> None:
    assert outlets(text) == {expected}


def test_a_name_with_no_town_before_it_is_not_read_twice_for_one() -> None:
    from auditor.scan import outlets as grammar

    asked: list[str] = []
    search = grammar._BEFORE_RE.search

    class Counting:
        def search(self, text: str) -> object:
            asked.append(text)
            return search(text)

    original = grammar._BEFORE_RE
    grammar._BEFORE_RE = Counting()  # type: ignore[assignment]
    try:
        assert outlets("Shares rose on Monday, Reuters said in a note to clients about the figures.") == {"Reuters"}
        assert outlets("Officials met Reuters at noon to discuss the figures in detail.") == set()
    finally:
        grammar._BEFORE_RE = original
    assert len(asked) == len(set(asked))  # each window asked once: no town taken out, nothing to ask again
