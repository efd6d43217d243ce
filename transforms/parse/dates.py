"""Dates and times as pages show them, in the languages the pipeline meets.

`find_datetime` finds the first date (with an optional clock time and zone) in a piece of text;
`to_utc` makes it an aware UTC datetime using a zone shown on the page or the site's zone.
Years are never guessed here; `resolve_year` picks one for a day and month relative to a
reference date (the capture date), so "December 31" read on January 1 is last year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from transforms.parse.alternation import word_union

# Month names and abbreviations, genitive and accented forms included (English, German, French, Spanish, Italian,
# Portuguese, Polish, Dutch, Finnish, Hungarian, Russian, Ukrainian, Czech, Romanian, Turkish).
_MONTH_WORDS = (
    (
        "january jan januar jänner janvier janv enero ene gennaio gen janeiro stycznia styczeń "
        "styczen januari tammikuuta tammikuu január января январь січня leden ledna ianuarie "
        "ocak"
    ),
    (
        "february feb februar février fevrier févr fevr febrero febbraio fevereiro fev lutego "
        "luty februari helmikuuta helmikuu február febr февраля февраль лютого únor února "
        "februarie şubat subat"
    ),
    (
        "march mar märz maerz mrz mars marzo março marco marca marzec maart maaliskuuta "
        "maaliskuu március márc марта март березня březen března martie mart mär"
    ),
    (
        "april apr avril avr abril abr aprile kwietnia kwiecień huhtikuuta huhtikuu április ápr "
        "апреля апрель квітня duben dubna aprilie nisan"
    ),
    (
        "may mai mayo maggio mag maio maja maj mei toukokuuta toukokuu május máj мая май травня "
        "květen května mayıs"
    ),
    (
        "june jun juni juin junio giugno giu junho czerwca czerwiec kesäkuuta kesäkuu június "
        "jún июня июнь червня červen června iunie haziran"
    ),
    (
        "july jul juli juillet juil julio luglio lug julho lipca lipiec heinäkuuta heinäkuu "
        "július júl июля июль липня červenec července iulie temmuz"
    ),
    (
        "august aug août aout agosto ago sierpnia sierpień augustus elokuuta elokuu augusztus "
        "августа август серпня srpen srpna ağustos"
    ),
    (
        "september sep sept septembre septiembre settembre set setembro września wrzesień "
        "wrzesnia syyskuuta syyskuu szeptember szept сентября сентябрь вересня září septembrie "
        "eylül"
    ),
    (
        "october oct oktober okt octobre octubre ottobre ott outubro out października "
        "październik pazdziernika lokakuuta lokakuu október октября октябрь жовтня říjen října "
        "octombrie ekim"
    ),
    (
        "november nov novembre noviembre novembro listopada listopad marraskuuta marraskuu "
        "ноября ноябрь листопада listopadu noiembrie kasım"
    ),
    (
        "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro "
        "grudnia grudzień joulukuuta joulukuu декабря декабрь грудня prosinec prosince "
        "decembrie aralık"
    ),
)
MONTHS: dict[str, int] = {
    name: num for num, names in enumerate(_MONTH_WORDS, start=1) for name in names.split()
}
# the longest month name that matches wins ("marzo" over "mar"), as in an alternation sorted
# longest first; factored by letters, which makes `find_dates` several times faster
_MONTH_ALT = word_union(MONTHS, re.IGNORECASE)
_M = rf"(?P<mon>{_MONTH_ALT})\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:\s*[,|·•\-–—]?\s*(?:at|um|à|a las|alle|às|o|kl\.?|klo)?\s*"
    r"(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:Uhr|h))?"
    r"(?:\s*\(?(?P<zone>UTC|GMT|[ECMP][SD]T|CES?T|EES?T|BST|MSK|IST|AEST|AEDT|Z"
    r"|[+-]\d\d:?\d\d|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d\d)?)\)?)?)?"
)
_PATTERNS = [
    # 2024-03-11, 2024-03-11T02:02:00+02:00, 2024/03/11
    rf"{_Y}[-/.](?P<nmon>[01]?\d)[-/.](?P<nday>[0-3]?\d)(?:[T ]|\b){_TIME}",
    # March 11, 2024 / Mar. 11 2024 / March 11th, 2024
    rf"{_M}\s+{_D},?\s+{_Y}\b{_TIME}",
    # 11 March 2024 / 11. März 2024 / 11 de marzo de 2024 / le 11 mars 2024
    rf"{_D}\s*(?:de\s+)?{_M},?\s+(?:de\s+|del\s+)?{_Y}\b{_TIME}",
    # 11.03.2024 / 11/03/2024 / 03/11/2024 (order decided by value and language)
    rf"(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)[./]{_Y}\b{_TIME}",
    # 2024年3月11日
    r"(?P<cyear>(?:19|20)\d\d)\s?年\s?(?P<cmon>[01]?\d)\s?月\s?(?P<cday>[0-3]?\d)\s?日",
]
_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "BST": 1,
    "MSK": 3,
    "IST": 5.5,
    "AEST": 10,
    "AEDT": 11,
}
# a clock time on its own, e.g. a live-feed stamp "9:07 AM" or "14:30"
CLOCK_RE = re.compile(
    r"^(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)\s*(?P<ampm>[ap]\.?\s?m\.?)?$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    day: date
    clock: time | None
    zone: tzinfo | None  # a zone printed beside the time
    start: int
    end: int


def _compile_multi() -> re.Pattern[str]:
    # Python refuses duplicate group names, so each alternative gets numbered copies.
    parts = []
    for i, p in enumerate(_PATTERNS):
        parts.append("(?:" + re.sub(r"\(\?P<(\w+)>", rf"(?P<\g<1>_{i}>", p) + ")")
    return re.compile(r"(?<![\w/])(?:" + "|".join(parts) + ")", re.IGNORECASE)


_MULTI = _compile_multi()


# per alternative of `_MULTI`: a group it always sets, and its (group, name without suffix)
_ALTERNATIVES = [
    (
        next(g for g in _MULTI.groupindex if g.endswith(f"_{i}")),
        [(g, g.rsplit("_", 1)[0]) for g in _MULTI.groupindex if g.endswith(f"_{i}")],
    )
    for i in range(len(_PATTERNS))
]


def _groups(m: re.Match[str]) -> dict[str, str]:
    """The matched alternative's groups, without their numeric suffix."""
    found = m.groupdict()
    for first, names in _ALTERNATIVES:
        if found[first] is not None:
            return {name: val for g, name in names if (val := found[g]) is not None}
    return {}


def clock_of(g: dict[str, str]) -> time | None:
    if "hour" not in g:
        return None
    hour, minute = int(g["hour"]), int(g["minute"])
    ampm = g.get("ampm", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23:
        return None
    return time(hour, minute, int(g.get("second") or 0))


def parse_zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    t = text.upper().replace(" ", "")
    if t in _ZONES:
        return _fixed(_ZONES[t])
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d\d)?", t)
    if m is None:
        return None
    hours = int(m[2]) + int(m[3] or 0) / 60
    return _fixed(hours if m[1] == "+" else -hours)


def _fixed(hours: float) -> tzinfo:
    return timezone(timedelta(hours=hours))


def _to_date(g: dict[str, str], month_first: bool) -> date | None:
    try:
        if "cyear" in g:
            return date(int(g["cyear"]), int(g["cmon"]), int(g["cday"]))
        year = int(g["year"])
        if "nmon" in g:
            return date(year, int(g["nmon"]), int(g["nday"]))
        if "mon" in g:
            return date(year, MONTHS[g["mon"].lower()], int(g["day"]))
        a, b = int(g["a"]), int(g["b"])
        if month_first and g["sep"] == "/" and a <= 12:
            return date(year, a, b)
        return date(year, b, a)
    except (ValueError, KeyError):
        return None


def find_dates(text: str, month_first: bool = False, limit: int = 8) -> list[FoundDate]:
    """Dates in `text` in order of appearance (at most `limit`).

    `month_first` reads an ambiguous `03/11/2024` as March 11 (US English pages).
    """
    if _DIGIT.search(text) is None:  # every form of date has a digit
        return []
    return list(_find_dates(text, month_first, limit))


_DIGIT = re.compile(r"\d")
MAX_CACHED_TEXT = 200  # short texts (dates, bylines, stamps) recur within a page and a site


def _find_dates(text: str, month_first: bool, limit: int) -> tuple[FoundDate, ...]:
    if len(text) <= MAX_CACHED_TEXT:
        return _find_dates_cached(text, month_first, limit)
    return _scan_dates(text, month_first, limit)


def _scan_dates(text: str, month_first: bool, limit: int) -> tuple[FoundDate, ...]:
    out: list[FoundDate] = []
    for m in _MULTI.finditer(text):
        g = _groups(m)
        day = _to_date(g, month_first)
        if day is None:
            continue
        out.append(FoundDate(day, clock_of(g), parse_zone(g.get("zone")), m.start(), m.end()))
        if len(out) >= limit:
            break
    return tuple(out)


_find_dates_cached = lru_cache(maxsize=1 << 14)(_scan_dates)
find_dates_cache = _find_dates_cached  # for `transforms.parse.clear_caches`


def find_datetime(text: str, month_first: bool = False) -> FoundDate | None:
    found = find_dates(text, month_first, limit=1)
    return found[0] if found else None


def to_utc(found: FoundDate, site_zone: tzinfo | None) -> datetime:
    """Aware UTC datetime; a date without a time is taken as midnight UTC of that day."""
    if found.clock is None:
        return datetime.combine(found.day, time(0, 0), tzinfo=UTC)
    zone = found.zone or site_zone or UTC
    return datetime.combine(found.day, found.clock, tzinfo=zone).astimezone(UTC)


def parse_clock(text: str) -> time | None:
    m = CLOCK_RE.match(text)
    return clock_of({k: v for k, v in m.groupdict().items() if v is not None}) if m else None


_DAY_MONTH = re.compile(
    rf"(?<!\w)(?:{_M}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?|(?P<d2>[0-3]?\d)(?:st|nd|rd|th|\.)?\s+"
    rf"(?:de\s+)?(?P<mon2>{_MONTH_ALT})\.?)(?!\w)(?!,?\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)


def resolve_year(month: int, day: int, reference: date) -> date | None:
    """The date with this month and day nearest before `reference` (+1 day of slack)."""
    for year in (reference.year, reference.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference + timedelta(days=1):
            return candidate
    return None


def find_day_month(text: str, reference: date) -> list[tuple[date, int]]:
    """Yearless dates ("March 10", "10 March") resolved against `reference`, with offsets."""
    out = []
    for m in _DAY_MONTH.finditer(text):
        mon = m["mon"] or m["mon2"]
        day = m["d1"] or m["d2"]
        month = MONTHS.get(mon.lower())
        if month is None:
            continue
        resolved = resolve_year(month, int(day), reference)
        if resolved is not None:
            out.append((resolved, m.start()))
    return out
