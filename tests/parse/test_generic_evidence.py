"""The generic reader's text evidence, line by line (our own text)."""

from __future__ import annotations

from datetime import date

from transforms.parse import parse_page
from transforms.parse.block import find_block
from transforms.parse.byline import byline_at, find_byline
from transforms.parse.classify import BAD, CREDIT, GOOD, TEXT, caption_parts, classify
from transforms.parse.headline import headline_text
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
]


def _doc(text: str) -> DecodedDoc:
    return DecodedDoc("d1", "d1.txt", "0" * 64, text, "utf-8", date(2023, 5, 15))


def _page(*parts: str) -> ParsedPage:
    page = parse_page(_doc("\n".join(parts)))
    assert isinstance(page, ParsedPage)
    return page


def test_credit_needs_a_capitalised_label_not_a_word_in_prose() -> None:
    assert CREDIT.match("Fishing boats in the harbour at dawn. Photo: Jane Roe") is not None
    assert CREDIT.match("The pier at low tide / (C) Jane Roe") is not None
    assert CREDIT.match("Minister Jane Roe, photo: John Doe") is not None
    assert CREDIT.match("The first picture of the harbour was taken the day it opened.") is None
    assert CREDIT.match("creditwise partners with the harbour authority on new loans") is None
    assert caption_parts("Ferries at the new pier. Jane J. Roe/Getty Images") == (
        "Ferries at the new pier.",
        "Jane J. Roe/Getty Images",
    )
    assert caption_parts("The pier at dawn. (Jane Roe)") == ("The pier at dawn.", "Jane Roe")
    assert CREDIT.match("PAP/ Jane Roe") is not None
    assert caption_parts("Boats at the ramp. By HARBOUR POLICE") == (
        "Boats at the ramp.",
        "HARBOUR POLICE",
    )
    assert CREDIT.match("He left early. By contrast, she stayed") is None


def test_breadcrumb_trail_gives_its_last_crumb_as_title() -> None:
    assert headline_text("Home » Travel » Ferries » New terminal opens late") == (
        "New terminal opens late"
    )
    assert headline_text("Harbour / Town: one more year") == "Harbour / Town: one more year"


def test_notices_stamps_and_repeated_banners_are_chrome() -> None:
    lines = [
        "This post contains affiliate links, and we may earn a commission when you buy "
        "through them, which helps us keep the site running for all of our many readers.",
        "Last updated: 3 May 2021, 10:04",
        "Thank you for visiting. You are using a browser with limited support for this page",
        PROSE[0],
        "Thank you for visiting. You are using a browser with limited support for this page",
    ]
    classes = classify(lines, [False] * len(lines), "en")
    assert classes == [BAD, BAD, BAD, GOOD, BAD]


def test_headline_is_the_line_a_byline_follows_not_a_menu_entry() -> None:
    page = _page(
        "Ferries",
        "Harbour",
        "Weather",
        "Terminal opening delayed",
        "Events",
        "",
        "New ferry terminal will open two months late",
        "By Jane Roe, 14 May 2023",
        "",
        *[line for p in PROSE for line in (p, "")],
    )
    assert page.headline == "New ferry terminal will open two months late"
    assert page.authors == ["Jane Roe"]


def test_standfirst_between_headline_and_body_is_kept() -> None:
    standfirst = "Steel for the new pier arrived late, the harbour authority says"
    page = _page(
        "Home",
        "",
        "New ferry terminal will open two months late",
        standfirst,
        "Share",
        "Facebook",
        "",
        *[line for p in PROSE for line in (p, "")],
    )
    assert page.headline == "New ferry terminal will open two months late"
    assert page.paragraphs[0] == standfirst


def test_body_continues_past_a_small_related_box() -> None:
    lines, gaps = split_lines(
        "\n".join(
            [
                "Comments",
                *PROSE[:3],
                "Related",
                "Council approves budget for the coming year",
                "Library hours extended during exams",
                PROSE[3],
                "Further reading",
                "Museum reopens after repairs",
                *(f"{PROSE[i % 4]} ({i})" for i in range(3)),
            ]
        )
    )
    classes = classify(lines, [False] * len(lines), "en")
    block = find_block(lines, classes, gaps)
    assert block is not None
    assert lines[block.start] == PROSE[0]
    assert PROSE[3] in lines[block.start : block.end]


def test_names_under_the_headline_with_roles_dates_and_continuations() -> None:
    lines = [
        "New ferry terminal will open two months late",
        "Jane Roe, Harbour Reporter, Coastal Desk",
        "& John Doe, Transport Editor",
        PROSE[0],
    ]
    assert find_byline(lines, 0, 3) == (["Jane Roe", "John Doe"], [1, 2])
    lines[1:3] = ["Jane Roe , 01. Dez. 2017, 12:01 Uhr 3 min Lesezeit"]
    assert find_byline(lines, 0, 2)[0] == ["Jane Roe"]
    lines[1] = "Jane Roe, peu estimée par les marins, quitte le port"
    assert find_byline(lines, 0, 2)[0] == []


def test_byline_forms_handles_and_fused_twitter_names() -> None:
    assert byline_at(["By Jane Roe@janeroe28John Doe"], 0) == ("Jane Roe, John Doe", 0)
    assert byline_at(["by", "harbourcat77", PROSE[0]], 0) == ("harbourcat77", 1)
    assert byline_at(["12 May 2023 • words written by Jane Roe • Art by John Doe"], 0) == (
        "Jane Roe",
        0,
    )
    names, used = find_byline(["Title of the story here", "by", "harbourcat77", PROSE[0]], 0, 3)
    assert names == ["harbourcat77"] and used == [1, 2]


def test_generic_author_bio_at_the_end_is_cut() -> None:
    bio = "Jane Roe is a senior writer for the Harbour Gazette and covers transport."
    page = _page(
        "New ferry terminal will open two months late",
        "",
        *[line for p in PROSE for line in (p, "")],
        bio,
    )
    assert page.paragraphs[-1] == PROSE[-1]


def test_a_numbered_ranking_is_part_of_the_article_not_a_menu() -> None:
    ranking = [f"{k}. Harbour number {k}" for k in range(30, 0, -1)]
    page = _page(
        "New ferry terminal will open two months late",
        "",
        PROSE[0],
        "",
        *ranking,
        "",
        PROSE[1],
        "",
        PROSE[2],
    )
    assert page.paragraphs[0] == PROSE[0]
    assert "17. Harbour number 17" in page.paragraphs


def test_function_word_thresholds_follow_an_agglutinative_page() -> None:
    finnish = (
        "Satamaviranomainen kertoi maanantaina, että uusi lauttaterminaali avataan kesäkuussa "
        "kaksi kuukautta suunniteltua myöhemmin, koska laiturin teräs saapui myöhässä."
    )
    lines = [f"{finnish} ({k})" for k in range(4)]
    assert set(classify(lines, [False] * 4, "fi")) <= set(TEXT)
    assert not set(classify(lines, [False] * 4, "de")) & set(TEXT)  # read as German: no prose


def test_dated_name_line_above_the_body_is_the_byline() -> None:
    lines = ["Harbour news", "Menu", "28. Juni 201914. Januar 2020 | Jane Roe", PROSE[0]]
    assert find_byline(lines, 0, 3)[0] == ["Jane Roe"]


def test_read_more_teasers_and_tag_lines_are_chrome_or_ends() -> None:
    from transforms.parse.lexicon import is_chrome_line, is_hard_end

    assert is_chrome_line("Read more: Council approves budget for the coming year")
    assert is_chrome_line("Lesen Sie auch: Stadtrat beschließt neuen Haushalt")
    assert not is_chrome_line("Read more about the budget in the council's own report, it said.")
    assert is_hard_end("Tags: harbour, ferries, council, budget")
    assert is_hard_end("12 responses to “New ferry terminal will open two months late”")
    assert not is_hard_end("Tags are what the harbour master writes on every crate, he said.")


def test_a_caption_without_credit_glued_above_a_paragraph_is_dropped() -> None:
    caption = "The harbour master, speaking at the opening"
    page = _page(
        "New ferry terminal will open two months late",
        "",
        PROSE[0],
        "",
        PROSE[1],
        caption,
        "",
        PROSE[2],
        "",
        PROSE[3],
    )
    assert caption not in page.paragraphs
    assert page.paragraphs == PROSE
