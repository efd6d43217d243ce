"""The General Staff's public daily loss series, bundled with the package (MIT, see the LICENSE).

`load_series()` maps each report date to its cumulative totals under our category names. The
JSON's keys changed over time, so a day holds only the categories reported that day:

- before 2022-05-01 vehicles were split into "military auto" and "fuel tank"; we sum them into
  `vehicles_fuel_tanks` (later days report "vehicles and fuel tanks" directly);
- `special_equipment` starts 2022-03-16, `cruise_missiles` 2022-05-01, `submarines` 2023-09-14;
- "mobile SRBM system", "ground robotic systems", "greatest losses direction" and "POW" have no
  category here and are ignored.

The public series is not strictly monotonic: a few equipment totals fall by a unit or more on a
day (the General Staff's own corrections). Personnel never falls.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from transforms.extract.losses import CATEGORIES as EXTRACTED_CATEGORIES

#: Our category names, in the order the General Staff lists them.
CATEGORIES: tuple[str, ...] = EXTRACTED_CATEGORIES  # one list, owned by the extractor

#: JSON key -> our category (the vehicle keys are summed).
_EQUIPMENT_KEYS: dict[str, str] = {
    "tank": "tanks",
    "APC": "armoured_vehicles",
    "field artillery": "artillery",
    "MRL": "mlrs",
    "anti-aircraft warfare": "air_defence",
    "aircraft": "aircraft",
    "helicopter": "helicopters",
    "drone": "drones",
    "cruise missiles": "cruise_missiles",
    "naval ship": "ships",
    "submarines": "submarines",
    "vehicles and fuel tanks": "vehicles_fuel_tanks",
    "military auto": "vehicles_fuel_tanks",
    "fuel tank": "vehicles_fuel_tanks",
    "special equipment": "special_equipment",
}

_DATA = "data/russia_losses"


def _read(name: str) -> list[dict[str, object]]:
    return json.loads(files("corpus").joinpath(_DATA, name).read_text(encoding="utf-8"))


@cache
def _series() -> MappingProxyType[date, MappingProxyType[str, int]]:
    days: dict[date, dict[str, int]] = {}
    for row in _read("russia_losses_personnel.json"):
        days[date.fromisoformat(str(row["date"]))] = {"personnel": int(row["personnel"])}
    for row in _read("russia_losses_equipment.json"):
        day = days.setdefault(date.fromisoformat(str(row["date"])), {})
        for key, value in row.items():
            category = _EQUIPMENT_KEYS.get(key)
            if category is None or value is None:
                continue
            day[category] = day.get(category, 0) + int(value)
    ordered = {
        d: MappingProxyType({c: days[d][c] for c in CATEGORIES if c in days[d]})
        for d in sorted(days)
    }
    return MappingProxyType(ordered)


def load_series() -> dict[date, dict[str, int]]:
    """Each report date -> {category: cumulative total}, oldest first (a fresh, mutable copy)."""
    return {d: dict(totals) for d, totals in _series().items()}


def series_view() -> MappingProxyType[date, MappingProxyType[str, int]]:
    """The same series, read-only and shared (no copy): for hot loops in the generator."""
    return _series()


def first_date() -> date:
    return next(iter(_series()))


def last_date() -> date:
    return next(reversed(_series()))
