"""The generic reader on page layouts that recur across sites (our own text): sign-up boxes
inside an article, lists and code the article introduces, the headline above its byline,
standfirsts, and authors named only in a footer."""

from __future__ import annotations

from datetime import date

from transforms.parse import parse_page
from transforms.parse.block import find_block
from transforms.parse.byline import find_byline
from transforms.parse.classify import BAD, GOOD, classify
from transforms.parse.lexicon import is_end_marker, is_hard_end, is_signup
from transforms.parse.lines import split_lines
from transforms.records import DecodedDoc, ParsedPage

PROSE = [
    "The harbour authority said on Monday that the new ferry terminal would open in June, "
    "two months later than planned, because the steel for the pier arrived late.",
    "Passengers will be able to buy tickets at the terminal and on the boats, and the old "
    "waiting room will be turned into a café run by a local charity for the summer.",
    "The mayor said the delay was a pity but that the terminal would serve the town for "
    "decades, and that the cost had stayed within the budget set by the council.",
    "A spokesperson for the ferry company said timetables for the summer season would be "
    "published in May, once the date of the opening is certain and crews are trained.",
    "Fishermen who use the old slipway said they had not been asked about the plans, and "
    "that they would write to the council to ask for a meeting before the summer.",
    "The council will discuss the terminal again at its next meeting, when it will also "
    "decide how much the town should charge for parking near the new pier next year.",
]
MENU = ["Home", "News", "Sport", "Weather", "Contact"]


def _page(*parts: str) -> ParsedPage:
    doc = DecodedDoc("d1", "d1.txt", "0" * 64, "\n".join(parts), "utf-8", date(2023, 5, 15))
    page = parse_page(doc)
    assert isinstance(page, ParsedPage)
    return page


def _para(*lines: str) -> str:
    return "\n\n".join(lines)


def test_signup_box_is_its_own_kind_of_end_marker() -> None:
    assert is_signup("Sign up for our daily newsletter")
    assert is_signup("Email Newsletter")
    assert not is_hard_end("Sign up for our daily newsletter")
    assert is_end_marker("Sign up for our daily newsletter")
    assert is_hard_end("12 Comments")
    assert not is_signup("Like")


def test_article_goes_on_below_a_signup_box_inside_it() -> None:
    page = _page(
        *MENU,
        "Ferry terminal to open two months late",
        _para(*PROSE[:2]),
        "Sign up for the Harbour Times newsletter",
        "Never miss a story from the harbour: get our news in your inbox every morning.",
        _para(*PROSE[2:]),
        "Most read",
        "Another story about the harbour and its boats",
    )
    assert page.paragraphs[0] == PROSE[0]
    assert page.paragraphs[-1] == PROSE[-1]
    assert not any("newsletter" in p or "inbox" in p for p in page.paragraphs)


def test_signup_box_after_the_article_ends_it_even_with_comments_below() -> None:
    comment = (
        "I have taken that ferry for years and I think the new terminal is a very good idea, "
        "but the council should have asked the people who live near the pier first."
    )
    page = _page(
        *MENU,
        "Ferry terminal to open two months late",
        _para(*PROSE[:4]),
        "Email Newsletter",
        "Enter your email address to get our stories by email.",
        "Share this:",
        "Related",
        "A story about the harbour",
        "3 Comments",
        _para(comment, comment.replace("years", "decades"), comment.replace("ferry", "boat")),
    )
    assert page.paragraphs[-1] == PROSE[3]


def test_list_or_code_the_article_introduces_with_a_colon_is_kept() -> None:
    lines, gaps = split_lines(
        "\n".join(
            [
                *MENU,
                "",
                PROSE[0],
                "",
                "To print the timetable, run this in a terminal:",
                "",
                "set-option timetable on",
                "print --pier=new ferries.txt",
                "",
                "Previous post",
            ]
        )
    )
    classes = classify(lines, [False] * len(lines), "en")
    block = find_block(lines, classes, gaps)
    assert block is not None
    assert lines[block.end - 1] == "print --pier=new ferries.txt"


def test_repeated_line_of_code_is_no_menu_label() -> None:
    code = "COPY src/app /tmp/app"
    lines = [PROSE[0], code, PROSE[1], code, PROSE[2], code]
    lines += ["Reply", "Reply", "Reply"]
    classes = classify(lines, [False] * len(lines), "en")
    assert classes[1] != BAD  # code shown three times
    assert classes[-1] == BAD  # a widget's label shown three times


def test_prose_of_another_language_is_prose() -> None:
    german_menu = "Startseite Impressum Datenschutz Kontakt Archiv Kategorien Schlagworte Suche"
    lines = [german_menu, "Nach oben", "Über uns", PROSE[0], "Kommentar schreiben"]
    classes = classify(lines, [False] * len(lines), "de")  # the page was read as German
    assert classes[3] == GOOD
    assert classes[0] != GOOD


def test_headline_sits_above_its_byline_even_far_from_the_prose() -> None:
    page = _page(
        *MENU,
        "Ferry terminal to open two months late",
        "By Jane Roe",
        "May 15, 2023",
        *["Share", "Facebook", "Twitter", "Email", "Print"],
        "Steel for the pier arrived late, the harbour authority says",
        _para(*PROSE[:4]),
    )
    assert page.headline == "Ferry terminal to open two months late"
    assert page.authors == ["Jane Roe"]
    assert page.paragraphs[0].startswith("Steel for the pier")  # the standfirst stays


def test_title_cased_line_is_no_standfirst_of_a_kicker_above() -> None:
    page = _page(
        *MENU,
        "'We will not be the last town to wait for a ferry'",
        "Harbour Town Opens Its New Ferry Terminal Two Months Behind Schedule",
        "The steel for the pier arrived late, and the mayor says the delay was a pity",
        "By Jane Roe",
        _para(*PROSE[:4]),
    )
    assert page.headline == "Harbour Town Opens Its New Ferry Terminal Two Months Behind Schedule"


def test_headline_heads_a_stack_of_standfirsts_above_the_byline() -> None:
    page = _page(
        *MENU,
        "Harbour town waits two more months for its new ferry terminal to open",
        "The steel for the pier arrived late from the mill in the north",
        "Fishermen say they were never asked about the plans for the slipway",
        "By Jane Roe",
        _para(*PROSE[:4]),
    )
    assert page.headline.startswith("Harbour town waits")


def test_standfirst_a_menu_entry_made_chrome_is_kept() -> None:
    standfirst = (
        "The steel for the pier arrived late, and the opening moves from April to the "
        "middle of June"
    )
    page = _page(
        "Home",
        "Comments",  # opens "links follow" for the lines below it
        "Sport",
        "Ferry terminal to open two months late",
        "",
        standfirst,
        "",
        "By Jane Roe",
        _para(*PROSE[:4]),
    )
    assert page.paragraphs[0] == standfirst


def test_closing_line_naming_the_author_is_her_box() -> None:
    page = _page(
        *MENU,
        "Ferry terminal to open two months late",
        "By Jane Roe",
        _para(*PROSE[:4], "More stories by Jane Roe"),
    )
    assert page.paragraphs[-1] == PROSE[3]


def test_embedded_post_signature_is_kept_with_the_post() -> None:
    signature = "— Harbour Police (@harbourpolice) May 14, 2023"
    page = _page(
        *MENU,
        "Ferry terminal to open two months late",
        _para(*PROSE[:3], "The pier is closed to walkers until the terminal opens.", signature),
        _para(*PROSE[3:]),
    )
    assert signature in page.paragraphs


def test_links_to_the_previous_and_next_post_are_chrome() -> None:
    lines = ["← An older story about the harbour", "A newer story about the harbour →"]
    assert classify(lines, [False, False], "en") == [BAD, BAD]


def test_author_label_alone_takes_the_name_on_the_next_line() -> None:
    lines = ["Ferry terminal to open late", PROSE[0], PROSE[1], "Published by", "Jane Roe"]
    assert find_byline(lines, 0, 1) == (["Jane Roe"], [3, 4])


def test_footer_copyright_names_the_author_of_a_one_person_site() -> None:
    body = [*MENU, "Ferry terminal to open two months late", _para(*PROSE[:4])]
    assert _page(*body, "© Harbour Notes by Jane Roe").authors == ["Jane Roe"]
    assert _page(*body, "Archive – RSS – 2009-2023 by Jane Roe – Powered by Pelican").authors == [
        "Jane Roe"
    ]
    assert _page(*body, "© 2023 Harbour Media Group. All rights reserved.").authors == []
    assert _page(*body, "© 2023 The Harbour Times. Theme by Jane Roe").authors == []
    # a name the page also takes for its site's name is the site's
    assert _page(*body, "© 2023 Harbour Notes").authors == []
