"""The seed dump (../shared/samples), field for field, through the real decoder."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from transforms.decode import decode
from transforms.extract.entities import extract_entities
from transforms.extract.losses import extract_losses
from transforms.extract.quotes import extract_quotes
from transforms.parse import parse_page
from transforms.records import LossReport, ParsedPage, RawDoc

TAGS = ["Ukraine", "Russia", "Italy", "Peace talks", "Vladimir Putin", "Volodymyr Zelensky"]


@pytest.fixture(scope="module")
def page(seed_text: bytes) -> ParsedPage:
    raw = RawDoc(
        "000_e125cd4a15ae925c.txt", len(seed_text), hashlib.sha256(seed_text).hexdigest(), seed_text
    )
    doc = decode(raw, date(2024, 3, 12))
    parsed = parse_page(doc)
    assert isinstance(parsed, ParsedPage), parsed
    return parsed


def test_article_fields(page: ParsedPage) -> None:
    assert page.source == "kyiv-independent"
    assert page.headline == "Italian minister says he's against deploying Western troops in Ukraine"
    assert page.authors == ["Alexander Khrebet"]
    assert page.published_at == datetime(2024, 3, 11, 0, 2, tzinfo=UTC)  # 02:02 Kyiv (UTC+2)
    assert page.published_at_source == "byline"
    assert page.modified_at is None
    assert page.capture_date == date(2024, 3, 11)
    assert page.tags == TAGS
    assert page.image_credit == "Pierre Crom/Getty Images"
    assert page.image_caption.startswith("A recently bombed residential area is seen")
    assert page.image_caption.endswith("including continuous bombings.")
    assert "Getty" not in page.image_caption
    assert page.language == "en"


def test_body_is_exactly_the_ten_paragraphs(page: ParsedPage) -> None:
    assert len(page.paragraphs) == 10
    assert page.paragraphs[0].startswith("Italian Defense Minister Guido Crosetto has expressed")
    assert page.paragraphs[-1].endswith("freedom, territory, and security.")
    for chrome in (
        "Skip to content",
        "Edit post",
        "This audio is created with AI assistance",
        "response to Macron comments on troops",  # the related card
        "lonesome by his fellow European allies",  # its teaser
        "The Kyiv IndependentAlexander Khrebet",
        "is a reporter with the Kyiv Independent",  # the bio
        "Comments",
        "424,060",  # the live item
        "Pierre Crom",  # the caption
    ):
        assert chrome not in page.body, chrome
    assert page.chrome == [
        "Skip to content",
        "Edit post",
        "This audio is created with AI assistance",
        "Comments",
    ]


def test_live_item_related_card_and_bio(page: ParsedPage) -> None:
    (item,) = page.live_items
    assert item.time_text == "9:07 AM"
    assert item.published_at == datetime(2024, 3, 11, 7, 7, tzinfo=UTC)
    assert item.headline == "General Staff: Russia has lost 424,060 troops in Ukraine."
    assert item.body.startswith("Russia has lost 424,060 troops in Ukraine since")
    assert item.body.endswith("over the past day.")
    (card,) = page.related
    assert card.headline.startswith("West’s response to Macron comments on troops to Ukraine")
    assert card.teaser.startswith("French President Emmanuel Macron was left on his lonesome")
    assert card.site == "The Kyiv Independent"
    (bio,) = page.bios
    assert (bio.name, bio.role) == ("Alexander Khrebet", "Reporter")
    assert bio.bio.startswith("Alexander Khrebet is a reporter with the Kyiv Independent.")


def test_loss_report(page: ParsedPage) -> None:
    assert extract_losses(page) == [
        (
            0,
            LossReport(
                report_date=date(2024, 3, 10), category="personnel", total=424060, delta=900
            ),
        )
    ]


def test_quotes(page: ParsedPage) -> None:
    quotes = extract_quotes(page, "a1")
    crosetto = [q for q in quotes if q.speaker == "Guido Crosetto"]
    assert {q.verb for q in crosetto} >= {"said", "told"}
    assert any(q.quote.startswith("From this perspective... it would seem") for q in crosetto)
    assert any(
        q.quote == "No to the military in Ukraine. France should not speak for NATO"
        for q in crosetto
    )
    assert all(q.article_id == "a1" for q in quotes)


def test_entities(page: ParsedPage) -> None:
    found = {(e.entity, e.kind, e.origin) for e in extract_entities(page, "a1")}
    assert {
        ("Guido Crosetto", "person", "text"),
        ("Emmanuel Macron", "person", "text"),
        ("Radoslaw Sikorski", "person", "text"),
        ("La Stampa", "organisation", "text"),
        ("NATO", "organisation", "text"),
    } <= found
    assert {(t, "topic", "tag") for t in TAGS} <= found
    assert ("Crosetto", "person", "text") not in found  # folded into the full name
