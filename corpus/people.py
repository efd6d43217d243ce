"""Who holds each office: one fictional person per office and calendar year, so that the same
"Italian Defense Minister" or "mayor of Kharkiv" is the same name in every article that year
(entity resolution needs that). Roles marked `many` (lawmakers, analysts...) get a fresh person
per article, drawn from last names no office holder uses.
"""

from __future__ import annotations

import re
from functools import cache
from random import Random

from corpus.topics import BRIGADES, TOPICS, Role
from corpus.vocab import CITIES, FIRST, FRONT_PLACES, LAST, RUSSIAN_REGIONS

_FILLS: dict[str, tuple[str, ...]] = {
    "brigade": BRIGADES,
    "region": RUSSIAN_REGIONS,
    "place": tuple(p.city for p in CITIES + FRONT_PLACES),
}
_HOLE = re.compile(r"\{(\w+)\}")
_OFFICIAL_LAST = 40  # Ukrainian last names [:40] are for office holders, the rest for others


def _titles(role: Role) -> list[str]:
    hole = _HOLE.search(role.role)
    if hole is None:
        return [role.role]
    return [role.role.replace(hole.group(0), value) for value in _FILLS[hole.group(1)]]


@cache
def _offices() -> dict[str, dict[str, int]]:
    """nation -> {office title: its seat in the roster}."""
    titles: dict[str, set[str]] = {}
    for topic in TOPICS:
        for role in topic.speakers + topic.speakers2:
            if not role.many:
                for nation in role.nations:
                    titles.setdefault(nation, set()).update(_titles(role))
    return {n: {t: k for k, t in enumerate(sorted(ts))} for n, ts in titles.items()}


def official_last_names(nation: str) -> tuple[str, ...]:
    return LAST[nation][:_OFFICIAL_LAST] if nation == "ua" else LAST[nation]


def public_last_names(nation: str) -> tuple[str, ...]:
    return LAST[nation][_OFFICIAL_LAST:] if nation == "ua" else LAST[nation]


@cache
def _roster(nation: str, year: int) -> tuple[tuple[str, str, str], ...]:
    people = [
        (gender, first, last)
        for gender in ("m", "f")
        for first in FIRST[nation][gender]
        for last in official_last_names(nation)
    ]
    Random(f"roster/{nation}/{year}").shuffle(people)
    # one person per surname where possible: attributions use the surname alone
    seen: set[str] = set()
    distinct = [p for p in people if not (p[2] in seen or seen.add(p[2]))]
    return tuple(distinct + [p for p in people if p not in distinct])


def office_holder(nation: str, title: str, year: int) -> tuple[str, str, str] | None:
    """(gender, first, last) of whoever holds `title` in `nation` that year, or None."""
    seat = _offices().get(nation, {}).get(title)
    if seat is None:
        return None
    roster = _roster(nation, year)
    return roster[seat % len(roster)]
