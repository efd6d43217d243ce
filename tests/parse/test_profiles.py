"""Site profiles: discovery, recognition, and a Kyiv Independent-shaped page of our own text."""

from __future__ import annotations

from datetime import UTC, date, datetime

from transforms.parse import parse_page
from transforms.parse.lines import line_hash
from transforms.parse.profiles import all_profiles, by_source, profile_for
from transforms.records import DecodedDoc, ParsedPage, Rejection

KI_PAGE = """Skip to content
Ukraine, Energy, Odesa Oblast
Edit post

Grid operator warns of evening outages after strike on substation

by Marta Kovalenko and Petro Savych January 1, 2024 11:40 PM
Repair crews work at a damaged substation near Odesa on Dec. 30, 2023. (Oleh Petrenko/Example Photo Agency)
This audio is created with AI assistance

Ukraine's grid operator warned on Jan. 1 that households in three regions may face evening outages after a strike on a substation.

“We will restore supply as fast as the crews can work,” Kovalenko said.

The Kyiv Independent could not verify the damage independently.

Power plant repairs fall behind schedule, ministry says
The energy ministry said on Dec. 28 that repairs at two thermal plants were behind schedule
The Kyiv IndependentPetro Savych

Grid company gives a second update
It said crews were working through the night
The Kyiv Independent
Marta Kovalenko
Marta Kovalenko
Senior Reporter
Marta Kovalenko is a senior reporter covering energy. She previously wrote for a regional newspaper.
Comments

12:20 AM

Air defense shoots down drones over the south.

Air defense units shot down 12 drones over the south overnight, the Air Force said on Jan. 2.

11:55 PM

General Staff: Russia has lost 360,000 troops in Ukraine.

Russia has lost 360,000 troops in Ukraine, the General Staff reported on Dec. 31. This number includes 700 casualties Russian forces suffered over the past day.
"""


def _doc(text: str, captured: date = date(2024, 1, 2), url: str | None = None) -> DecodedDoc:
    return DecodedDoc("d1", "d1.txt", "0" * 64, text, "utf-8", captured, url)


def test_every_profile_module_is_discovered() -> None:
    sources = {p.source for p in all_profiles()}
    assert {"kyiv-independent", "dnipro-ledger", "baltic-wire", "black-sea-monitor"} <= sources
    assert by_source("kyiv-independent").timezone == "Europe/Kyiv"


def test_recognition_by_signature_or_url() -> None:
    assert profile_for(KI_PAGE).source == "kyiv-independent"
    assert profile_for("Some other page\nwith text") is None
    assert profile_for("x", "https://www.kyivindependent.com/a-story/").source == "kyiv-independent"


def test_ki_page_parts() -> None:
    page = parse_page(_doc(KI_PAGE))
    assert isinstance(page, ParsedPage)
    assert page.source == "kyiv-independent"
    assert page.headline == "Grid operator warns of evening outages after strike on substation"
    assert page.authors == ["Marta Kovalenko", "Petro Savych"]
    # 11:40 PM in Kyiv on Jan. 1 (UTC+2) is 21:40 UTC
    assert page.published_at == datetime(2024, 1, 1, 21, 40, tzinfo=UTC)
    assert page.tags == ["Ukraine", "Energy", "Odesa Oblast"]
    assert page.image_credit == "Oleh Petrenko/Example Photo Agency"
    assert page.image_caption.endswith("on Dec. 30, 2023.")
    # a body line that starts with the site name is not mistaken for a card's site line
    assert page.paragraphs[-1] == "The Kyiv Independent could not verify the damage independently."
    assert len(page.paragraphs) == 3
    assert [c.headline for c in page.related] == [
        "Power plant repairs fall behind schedule, ministry says",
        "Grid company gives a second update",
    ]
    assert [(b.name, b.role) for b in page.bios] == [("Marta Kovalenko", "Senior Reporter")]


def test_live_items_step_back_a_day_when_the_clock_goes_forward() -> None:
    page = parse_page(_doc(KI_PAGE))
    first, second = page.live_items
    assert first.published_at == datetime(2024, 1, 1, 22, 20, tzinfo=UTC)  # 00:20 Jan 2 Kyiv
    assert second.time_text == "11:55 PM"
    assert second.published_at == datetime(2024, 1, 1, 21, 55, tzinfo=UTC)  # 23:55 Jan 1 Kyiv
    assert second.body.endswith("over the past day.")


def test_learned_boilerplate_is_dropped_from_the_body() -> None:
    learned = {
        "kyiv-independent": frozenset(
            {line_hash("The Kyiv Independent could not verify the damage independently.")}
        )
    }
    page = parse_page(_doc(KI_PAGE), learned)
    assert len(page.paragraphs) == 2
    assert "The Kyiv Independent could not verify the damage independently." in page.chrome


def test_a_page_cut_inside_its_last_live_item_keeps_the_complete_ones() -> None:
    cut = KI_PAGE[: KI_PAGE.index("the General Staff reported")]
    page = parse_page(_doc(cut))
    assert [i.time_text for i in page.live_items] == ["12:20 AM"]


def test_profiled_page_without_byline_falls_back_to_the_generic_reader() -> None:
    text = KI_PAGE.replace("by Marta Kovalenko and Petro Savych January 1, 2024 11:40 PM\n", "")
    page = parse_page(_doc(text))
    assert isinstance(page, ParsedPage)
    assert page.source == "kyiv-independent"
    assert any("grid operator warned" in p for p in page.paragraphs)


def test_empty_page_is_rejected_not_raised() -> None:
    rejected = parse_page(_doc("Skip to content\nEdit post\nComments\n"))
    assert isinstance(rejected, Rejection)
    assert (rejected.stage, rejected.reason) == ("parse", "no_body")
