"""The bundled loss series: our category names, the seed's figures, the vehicle merge."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

import pytest

from corpus.losses import CATEGORIES, first_date, last_date, load_series

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/russia_losses"


def test_series_is_daily_and_uses_our_categories() -> None:
    series = load_series()
    days = list(series)
    assert days[0] == first_date() == date(2022, 2, 25)
    assert days[-1] == last_date()
    assert all(b - a == timedelta(days=1) for a, b in zip(days, days[1:], strict=False))
    for totals in series.values():
        assert "personnel" in totals and "tanks" in totals
        assert set(totals) <= set(CATEGORIES)


def test_seed_figures() -> None:
    series = load_series()
    assert series[date(2024, 3, 10)]["personnel"] == 424_060
    assert series[date(2024, 3, 9)]["personnel"] == 423_160


def test_vehicles_merge_and_late_categories() -> None:
    raw = json.loads(
        files("corpus").joinpath("data/russia_losses/russia_losses_equipment.json").read_text()
    )
    rows = {r["date"]: r for r in raw}
    series = load_series()
    early = rows["2022-04-30"]
    assert series[date(2022, 4, 30)]["vehicles_fuel_tanks"] == (
        early["military auto"] + early["fuel tank"]
    )
    late = rows["2024-03-10"]
    assert series[date(2024, 3, 10)]["vehicles_fuel_tanks"] == late["vehicles and fuel tanks"]
    assert series[date(2024, 3, 10)]["air_defence"] == late["anti-aircraft warfare"]
    assert "submarines" not in series[date(2023, 9, 13)]
    assert series[date(2023, 9, 14)]["submarines"] == rows["2023-09-14"]["submarines"]
    assert "cruise_missiles" not in series[date(2022, 4, 30)]


def test_personnel_never_falls() -> None:
    totals = [t["personnel"] for t in load_series().values()]
    assert all(b >= a for a, b in zip(totals, totals[1:], strict=False))


def test_load_series_returns_a_private_copy() -> None:
    first = load_series()
    first[date(2024, 3, 10)]["personnel"] = -1
    assert load_series()[date(2024, 3, 10)]["personnel"] == 424_060


def test_licence_is_shipped_and_data_matches_shared_copy() -> None:
    folder = files("corpus").joinpath("data/russia_losses")
    assert "MIT License" in folder.joinpath("LICENSE").read_text()
    if not SHARED.exists():
        pytest.skip("../shared is not available")
    for name in ("russia_losses_equipment.json", "russia_losses_personnel.json", "LICENSE"):
        assert folder.joinpath(name).read_bytes() == (SHARED / name).read_bytes()
