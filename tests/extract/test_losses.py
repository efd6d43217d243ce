from datetime import UTC, date, datetime

from transforms.extract.losses import CATEGORIES, extract_losses, losses_in_text
from transforms.records import LiveItem, LossReport, ParsedPage


def _page(*items: LiveItem, source: str = "kyiv-independent") -> ParsedPage:
    return ParsedPage("d", "d.txt", source, date(2024, 1, 1), live_items=list(items))


def test_categories_are_the_contract() -> None:
    assert CATEGORIES[0] == "personnel"
    assert len(CATEGORIES) == 14 and len(set(CATEGORIES)) == 14


def test_personnel_total_and_delta_across_new_year() -> None:
    item = LiveItem(
        "8:05 AM",
        datetime(2024, 1, 1, 6, 5, tzinfo=UTC),
        "General Staff: Russia has lost 360,000 troops in Ukraine.",
        "Russia has lost 360,000 troops in Ukraine since Feb. 24, 2022, the General Staff "
        "reported on Dec. 31. This number includes 700 casualties Russian forces suffered over "
        "the past day.",
    )
    assert extract_losses(_page(item)) == [
        (0, LossReport(date(2023, 12, 31), "personnel", 360000, 700))
    ]


def test_equipment_totals_with_past_day_deltas() -> None:
    text = (
        "Russian forces have lost 6,000 tanks, 11,000 armored fighting vehicles, 1 submarine, "
        "12,000 vehicles and fuel tanks, and 900 units of special equipment, the General Staff "
        "reported on March 3. Over the past day, Ukrainian forces destroyed 4 tanks and "
        "1 multiple launch rocket system."
    )
    got = {r.category: (r.total, r.delta) for r in losses_in_text(text, date(2024, 3, 4))}
    assert got == {
        "tanks": (6000, 4),
        "armoured_vehicles": (11000, None),
        "submarines": (1, None),
        "vehicles_fuel_tanks": (12000, None),  # never read as "tanks"
        "special_equipment": (900, None),
    }


def test_general_staff_list_format_with_deltas_in_parentheses() -> None:
    text = "General Staff update:\npersonnel — about 424060 (+900)\ntanks — 6678 (+12)"
    got = losses_in_text(text, date(2024, 3, 10))
    assert [(r.category, r.total, r.delta) for r in got] == [
        ("personnel", 424060, 900),
        ("tanks", 6678, 12),
    ]
    assert {r.report_date for r in got} == {date(2024, 3, 10)}  # no date in text: fallback


def test_items_not_from_the_general_staff_are_ignored() -> None:
    item = LiveItem("9:00 AM", None, "Brigade says it destroyed 3 tanks near the river.", "")
    assert extract_losses(_page(item)) == []


def test_undated_report_uses_the_profile_lag() -> None:
    item = LiveItem(
        "09:12",
        datetime(2024, 3, 11, 7, 12, tzinfo=UTC),
        "Russian losses: 424,060 personnel (+900), General Staff says",
        "",
    )
    ((index, report),) = extract_losses(_page(item, source="baltic-wire"))
    assert (index, report.report_date, report.total, report.delta) == (
        0,
        date(2024, 3, 10),
        424060,
        900,
    )
