"""Date and time formats used on the pages (AP style for the Kyiv Independent)."""

from __future__ import annotations

from datetime import date

_AP_MONTHS = (
    "",
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def ap_date(d: date) -> str:
    """`March 10`, `Feb. 24` (AP style, as in running text)."""
    return f"{_AP_MONTHS[d.month]} {d.day}"


def ap_date_year(d: date) -> str:
    """`Dec. 31, 2023`."""
    return f"{_AP_MONTHS[d.month]} {d.day}, {d.year}"


def long_date(d: date) -> str:
    """`March 11, 2024` (the byline form)."""
    return f"{MONTHS[d.month]} {d.day}, {d.year}"


def day_month(d: date) -> str:
    """`10 March` (British running text)."""
    return f"{d.day} {MONTHS[d.month]}"


def day_month_year(d: date) -> str:
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def clock12(minute: int) -> str:
    """Minutes since midnight -> `9:07 AM`, `12:30 PM`."""
    h, m = divmod(minute, 60)
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"


def clock24(minute: int) -> str:
    """Minutes since midnight -> `14:05`."""
    h, m = divmod(minute, 60)
    return f"{h:02d}:{m:02d}"


def thousands(n: int) -> str:
    return f"{n:,}"
