from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from transforms.parse.dates import find_datetime, find_day_month, parse_clock, resolve_year, to_utc


@pytest.mark.parametrize(
    ("text", "day", "clock"),
    [
        ("by Jane Roe March 11, 2024 2:02 AM", date(2024, 3, 11), time(2, 2)),
        ("Published Nov 8, 2023", date(2023, 11, 8), None),
        ("28.04.2021 - 07:18 | Quelle: dpa", date(2021, 4, 28), time(7, 18)),
        ("11. März 2024, 14:30 Uhr", date(2024, 3, 11), time(14, 30)),
        ("le 11 mars 2024 à 14h30", date(2024, 3, 11), time(14, 30)),
        ("11 de marzo de 2024", date(2024, 3, 11), None),
        ("5 listopada 2023 o 10:00", date(2023, 11, 5), time(10, 0)),
        ("2024年3月11日", date(2024, 3, 11), None),
        ("Jun 18th 2018", date(2018, 6, 18), None),
        ("2019-10-19T10:00:00", date(2019, 10, 19), time(10, 0)),
    ],
)
def test_find_datetime(text: str, day: date, clock: time | None) -> None:
    found = find_datetime(text)
    assert found is not None
    assert (found.day, found.clock) == (day, clock)


def test_slash_dates_follow_the_month_first_flag() -> None:
    assert find_datetime("03/11/2024", month_first=True).day == date(2024, 3, 11)
    assert find_datetime("03/11/2024", month_first=False).day == date(2024, 11, 3)
    assert find_datetime("25/11/2024", month_first=True).day == date(2024, 11, 25)


def test_to_utc_uses_the_shown_zone_then_the_site_zone() -> None:
    kyiv = ZoneInfo("Europe/Kyiv")
    assert to_utc(find_datetime("March 11, 2024 2:02 AM"), kyiv) == datetime(
        2024, 3, 11, 0, 2, tzinfo=UTC
    )
    assert to_utc(find_datetime("Nov 8, 2023 4:43 PM CST"), kyiv) == datetime(
        2023, 11, 8, 22, 43, tzinfo=UTC
    )
    assert to_utc(find_datetime("Nov 8, 2023"), kyiv) == datetime(2023, 11, 8, tzinfo=UTC)


def test_yearless_dates_resolve_against_the_capture_date() -> None:
    assert resolve_year(3, 10, date(2024, 3, 11)) == date(2024, 3, 10)
    assert resolve_year(12, 31, date(2024, 1, 1)) == date(2023, 12, 31)  # across new year
    assert resolve_year(3, 12, date(2024, 3, 11)) == date(2024, 3, 12)  # one day of slack
    assert resolve_year(2, 29, date(2023, 3, 1)) is None
    assert [d for d, _ in find_day_month("on Dec. 30 and 2 January", date(2024, 1, 3))] == [
        date(2023, 12, 30),
        date(2024, 1, 2),
    ]


def test_parse_clock() -> None:
    assert parse_clock("9:07 AM") == time(9, 7)
    assert parse_clock("12:15 am") == time(0, 15)
    assert parse_clock("12:30 PM") == time(12, 30)
    assert parse_clock("21:05") == time(21, 5)
    assert parse_clock("13:00 PM") is None
    assert parse_clock("Reporter") is None
