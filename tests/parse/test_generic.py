"""The generic reader on pages of unknown sites (our own text)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.parse import line_hash, parse_page
from transforms.records import DecodedDoc, ParsedPage, Rejection

BODY = [
    "The town council voted on Tuesday to rebuild the old footbridge over the river, ending "
    "a debate that had divided residents for more than two years.",
    "Engineers told the council that the existing bridge could not be repaired safely and that "
    "a new structure would cost about a third less to maintain over its lifetime.",
    "Short paragraph.",
    "Work is expected to start in the spring, and the crossing will be closed for at least "
    "six months while the new deck is lifted into place by crane.",
]
PAGE = "\n".join(
    [
        "Home",
        "News",
        "Sport",
        "Weather",
        "Log in",
        "",
        "Council backs new footbridge after two-year row",
        "",
        "By Jane Roe | 14 May 2023, 09:30",
        "",
        *[line for p in BODY for line in (p, "")],
        "Share",
        "Facebook",
        "Related articles",
        "Council approves budget for the coming year",
        "Library hours extended during exams",
        "Comments",
        "",
        "Alex: I have waited years for this bridge and I am glad the council finally agreed to "
        "build it, although the closure will be long.",
        "",
        "© 2023 Riverside Courier. All rights reserved.",
    ]
)


def _doc(text: str) -> DecodedDoc:
    return DecodedDoc("d1", "d1.txt", "0" * 64, text, "utf-8", date(2023, 5, 15))


def test_article_fields_from_text_alone() -> None:
    page = parse_page(_doc(PAGE))
    assert isinstance(page, ParsedPage)
    assert page.source == "riverside-courier"  # from the copyright line
    assert page.headline == "Council backs new footbridge after two-year row"
    assert page.authors == ["Jane Roe"]
    assert page.published_at.date() == date(2023, 5, 14)
    assert page.published_at_source == "byline"
    assert page.language == "en"
    assert page.paragraphs == BODY
    for chrome in ("Home", "Log in", "Share", "Facebook", "Comments", "Related articles"):
        assert chrome in page.chrome


def test_comments_and_related_links_stay_out_of_the_body() -> None:
    body = parse_page(_doc(PAGE)).body
    assert "waited years" not in body
    assert "Library hours" not in body
    assert "Council backs new footbridge" not in body  # the headline is not body text


def test_learned_boilerplate_lines_are_dropped() -> None:
    learned = {"riverside-courier": frozenset({line_hash(BODY[2])})}
    page = parse_page(_doc(PAGE), learned)
    assert BODY[2] not in page.paragraphs
    assert len(page.paragraphs) == 3


def test_date_never_after_capture_plus_one_day() -> None:
    text = PAGE.replace("14 May 2023", "14 May 2031")
    page = parse_page(_doc(text))
    assert page.published_at is None or page.published_at.date() <= date(2023, 5, 16)


def test_header_date_is_the_last_resort() -> None:
    text = PAGE.replace("By Jane Roe | 14 May 2023, 09:30", "By Jane Roe")
    page = parse_page(_doc(text))
    assert page.published_at_source == "header"
    assert page.published_at.date() == date(2023, 5, 15)


def test_cjk_page() -> None:
    paras = [
        "益阳市今年在数字农业方面取得了新的进展，农民通过手机就能查看田间的土壤和气象数据。",
        "当地合作社负责人说，过去靠经验种地，现在看数据种地，产量和收入都有明显提高。",
        "专家认为，数字农业的推广还需要更多的技术培训和资金支持，才能让更多农户受益。",
    ]
    text = "首页\n新闻\n\n数字农业走进洞庭湖区\n\n" + "\n\n".join(paras) + "\n"
    page = parse_page(_doc(text))
    assert isinstance(page, ParsedPage)
    assert page.headline == "数字农业走进洞庭湖区"
    assert page.language == "zh"
    assert len(page.paragraphs) == 3


def test_a_page_of_chrome_only_is_rejected() -> None:
    rejected = parse_page(_doc("Home\nNews\nLog in\nSearch\n© 2023 Example\n"))
    assert isinstance(rejected, Rejection)
    assert rejected.reason == "no_body"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_parse_page_never_raises(text: str) -> None:
    result = parse_page(_doc(text))
    assert isinstance(result, ParsedPage | Rejection)
    if isinstance(result, Rejection):
        assert result.reason != "parser_error", result.detail
