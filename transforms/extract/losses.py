"""The General Staff's cumulative loss figures, from live-feed items that report them.

Two phrasings are read: prose ("Russia has lost 424,060 troops ... This number includes 900
casualties ... over the past day", "6,678 tanks, 12,755 armored fighting vehicles, ...") and
the General Staff's own list ("tanks — 6678 (+12)"). Only items that name the General Staff
are read, so an unrelated "lost 10 tanks near Avdiivka" never becomes a cumulative total.
The report date is the date the text gives ("reported on March 10", year taken from the
item's date), else the item's own date in the site's time zone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from transforms.parse.dates import MONTHS, resolve_year
from transforms.parse.profiles import by_source
from transforms.records import LossReport, ParsedPage

CATEGORIES = (
    "personnel",
    "tanks",
    "armoured_vehicles",
    "artillery",
    "mlrs",
    "air_defence",
    "aircraft",
    "helicopters",
    "drones",
    "cruise_missiles",
    "ships",
    "submarines",
    "vehicles_fuel_tanks",
    "special_equipment",
)

# phrase -> category; longer phrases are tried first, so "fuel tanks" never reads as "tanks"
_PHRASES: dict[str, tuple[str, ...]] = {
    "personnel": ("troops", "soldiers", "personnel", "servicemen", "military personnel"),
    "tanks": ("tanks?",),
    "armoured_vehicles": (
        "armou?red (?:fighting |combat |personnel )?vehicles?",
        "APVs?",
        "AFVs?",
        "armou?red personnel carriers",
        "combat armou?red vehicles",
    ),
    "artillery": ("artillery (?:systems?|pieces?)", "artillery"),
    "mlrs": ("multiple(?:-| )launch rocket systems?", "multiple rocket launchers?", "MLRS"),
    "air_defence": (
        "air defen[cs]e systems?",
        "anti-aircraft (?:warfare )?systems?",
        "air defen[cs]e",
    ),
    "aircraft": ("airplanes", "aircraft", "warplanes", "planes", "fixed-wing aircraft", "jets"),
    "helicopters": ("helicopters?",),
    "drones": (
        "drones?",
        "UAVs",
        "unmanned aerial vehicles?",
        "operational-tactical (?:level )?UAVs",
    ),
    "cruise_missiles": ("cruise missiles?",),
    "ships": (
        "ships?(?: (?:and|or) boats?)?",
        "warships?(?: and boats)?",
        "boats",
        "ships/boats",
    ),
    "submarines": ("submarines?",),
    "vehicles_fuel_tanks": (
        "(?:military )?vehicles? (?:and|or) fuel tanks?",
        "automotive equipment(?: and fuel tanks)?",
        "vehicles and fuel tankers",
        "military vehicles",
        "fuel tanks",
    ),
    "special_equipment": ("(?:pieces? of |units? of )?special(?: military)? equipment",),
}
_ALT = sorted(((p, c) for c, ps in _PHRASES.items() for p in ps), key=lambda pc: -len(pc[0]))
_CATEGORY_OF = [c for _, c in _ALT]
_PHRASE_RE = "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_ALT))
_NUMBER = r"(?P<num>\d{1,3}(?:[,\s\u202f\u00a0]\d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
_DELTA = r"(?:\s*\((?:\+|up\s)?(?P<delta>\d[\d,\s]*)\))?"
_PROSE = re.compile(rf"(?<![\w,.]){_NUMBER}\s+(?:Russian\s+)?(?:{_PHRASE_RE})\b{_DELTA}", re.I)
_LISTED = re.compile(
    rf"(?:^|[;,\n]\s*)(?:{_PHRASE_RE})\s*[-–—‒:]\s*(?:about\s+|approximately\s+)?"
    rf"{_NUMBER}{_DELTA}",
    re.I,
)
_PERSONNEL_DELTA = re.compile(
    r"(?:includ(?:es|ing)|of which|among them)\s+(?P<d>\d[\d,\s]*\d|\d)\s+"
    r"(?:casualties|troops|soldiers|personnel)?[^.]{0,60}?(?:over|in|during) the (?:past|last)"
    r" (?:day|24 hours)|(?P<d2>\d[\d,\s]*\d|\d)\s+(?:casualties|troops|soldiers)\s+"
    r"(?:[^.]{0,40}?)(?:over|in|during) the (?:past|last) (?:day|24 hours)",
    re.I,
)
_MONTH_DAY = r"(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>[0-3]?\d)\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_REPORTED = (
    re.compile(rf"(?:reported|said|announced|published|updated)\s+(?:on\s+)?{_MONTH_DAY}"),
    re.compile(rf"(?:[Aa]s of|[Oo]n)\s+{_MONTH_DAY}(?!,?\s+(?:19|20)\d\d)"),
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_PAST_DAY = re.compile(r"(?:over|in|during) the (?:past|last) (?:day|24 hours)", re.I)
_GENERAL_STAFF = re.compile(r"General Staff|Генштаб|Генеральний штаб|Генеральный штаб", re.I)
_WORDS = {
    w: i + 1
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    )
}
MIN_PERSONNEL = 1000  # a cumulative personnel total is never this small


def _int(text: str) -> int:
    text = text.strip().lower()
    if text in _WORDS:
        return _WORDS[text]
    return int(re.sub(r"[^\d]", "", text))


def _category(m: re.Match[str]) -> str:
    for key, val in m.groupdict().items():
        if val is not None and key.startswith("c") and key[1:].isdigit():
            return _CATEGORY_OF[int(key[1:])]
    raise ValueError("no category group matched")


def report_date(text: str, fallback: date) -> date:
    """The date the text says the figures were reported on, else `fallback`."""
    for pattern in _REPORTED:
        for m in pattern.finditer(text):
            month = MONTHS.get(m["mon"].lower())
            if month is None:
                continue
            if m["year"]:
                try:
                    return date(int(m["year"]), month, int(m["day"]))
                except ValueError:
                    continue
            resolved = resolve_year(month, int(m["day"]), fallback)
            if resolved is not None:
                return resolved
    return fallback


def _figures(text: str) -> dict[str, tuple[int, int | None]]:
    """category -> (number, delta in parentheses) for every figure in `text`."""
    found: dict[str, tuple[int, int | None]] = {}
    for pattern in (_LISTED, _PROSE):
        for m in pattern.finditer(text):
            category = _category(m)
            value = _int(m["num"])
            delta = _int(m["delta"]) if m["delta"] else None
            old = found.get(category)
            if old is None or (old[1] is None and delta is not None and old[0] == value):
                found[category] = (value, delta)
    return found


def losses_in_text(text: str, fallback: date) -> list[LossReport]:
    """Every category total (and daily delta when given) in one General Staff report text.

    Sentences about "the past day" give deltas ("destroyed 5 tanks, 36 armored fighting
    vehicles"); the others give cumulative totals, with a delta when one is in parentheses.
    """
    if not _GENERAL_STAFF.search(text):
        return []
    when = report_date(text, fallback)
    totals: dict[str, tuple[int, int | None]] = {}
    deltas: dict[str, int] = {}
    for sentence in _SENTENCE.split(text):
        if _PAST_DAY.search(sentence):
            for category, (value, _) in _figures(sentence).items():
                deltas.setdefault(category, value)
        else:
            for category, figure in _figures(sentence).items():
                totals.setdefault(category, figure)
    personnel = totals.get("personnel")
    if personnel is not None and personnel[0] < MIN_PERSONNEL:
        del totals["personnel"]
    elif personnel is not None and personnel[1] is None and "personnel" not in deltas:
        m = _PERSONNEL_DELTA.search(text)
        if m:
            deltas["personnel"] = _int(m["d"] or m["d2"])
    return [
        LossReport(
            report_date=when,
            category=c,
            total=totals[c][0],
            delta=totals[c][1] if totals[c][1] is not None else deltas.get(c),
        )
        for c in CATEGORIES
        if c in totals
    ]


def extract_losses(page: ParsedPage) -> list[tuple[int, LossReport]]:
    """(index into `page.live_items`, report) for every loss figure the live feed reports."""
    profile = by_source(page.source)
    lag = timedelta(days=profile.live.report_lag_days if profile and profile.live else 0)
    out: list[tuple[int, LossReport]] = []
    for index, item in enumerate(page.live_items):
        if item.published_at is not None:
            local = item.published_at.astimezone(profile.zone) if profile else item.published_at
            fallback = local.date() - lag
        else:
            fallback = page.capture_date - lag
        for report in _losses_cached(f"{item.headline}\n{item.body}", fallback):
            out.append((index, report))
    return out


@lru_cache(maxsize=4096)
def _losses_cached(text: str, fallback: date) -> tuple[LossReport, ...]:
    """A live item is shown on many captures of its feed: parse each (text, date) once."""
    return tuple(losses_in_text(text, fallback))
