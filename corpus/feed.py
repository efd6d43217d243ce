"""The site's live news feed for one day, shown beside every article captured that day.

A page captured on day D shows feed items of day D. The General Staff items report the figures
of D-1 (the seed: captured 2024-03-11, "reported on March 10", 424,060), with the past-day
delta = total(D-1) - total(D-2), straight from `corpus.losses`. Equipment items list every
category the series has that day; their past-day sentence names up to four categories whose
total rose (the series has a few corrections where a total falls: those are never called
"destroyed").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from random import Random

from corpus.formats import ap_date, clock12
from corpus.labels import LiveTruth, LossFigure
from corpus.losses import series_view
from corpus.text import pick
from corpus.vocab import ALLIES, CITIES, NATIONS

# category -> (singular, plural) as written in the equipment item
EQUIPMENT_WORDS: dict[str, tuple[str, str]] = {
    "tanks": ("tank", "tanks"),
    "armoured_vehicles": ("armored fighting vehicle", "armored fighting vehicles"),
    "artillery": ("artillery system", "artillery systems"),
    "mlrs": ("multiple launch rocket system", "multiple launch rocket systems"),
    "air_defence": ("air defense system", "air defense systems"),
    "aircraft": ("aircraft", "aircraft"),
    "helicopters": ("helicopter", "helicopters"),
    "drones": ("drone", "drones"),
    "cruise_missiles": ("cruise missile", "cruise missiles"),
    "ships": ("ship or boat", "ships and boats"),
    "submarines": ("submarine", "submarines"),
    "vehicles_fuel_tanks": ("vehicle or fuel tank", "vehicles and fuel tanks"),
    "special_equipment": ("unit of special equipment", "units of special equipment"),
}


@dataclass(frozen=True, slots=True)
class FeedItem:
    minute: int  # minutes after local midnight
    headline: str
    body: str
    truth: LiveTruth


def _count(n: int, category: str) -> str:
    one, many = EQUIPMENT_WORDS[category]
    return f"{n:,} {one if n == 1 else many}"


def _join(parts: list[str]) -> str:
    if len(parts) < 3:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def personnel_item(site: str, day: date, minute: int) -> FeedItem | None:
    series = series_view()
    now, before = series.get(day - timedelta(days=1)), series.get(day - timedelta(days=2))
    if now is None or before is None:
        return None
    total, delta = now["personnel"], now["personnel"] - before["personnel"]
    headline = f"General Staff: Russia has lost {total:,} troops in Ukraine."
    body = (
        f"Russia has lost {total:,} troops in Ukraine since the beginning of its full-scale "
        "invasion on Feb. 24, 2022, the General Staff of Ukraine's Armed Forces reported on "
        f"{ap_date(day - timedelta(days=1))}. This number includes {delta:,} casualties "
        "Russian forces suffered over the past day."
    )
    figure = LossFigure(day - timedelta(days=1), "personnel", total, delta)
    return FeedItem(minute, headline, body, _truth(site, day, minute, headline, (figure,)))


def equipment_item(site: str, day: date, minute: int) -> FeedItem | None:
    series = series_view()
    now, before = series.get(day - timedelta(days=1)), series.get(day - timedelta(days=2))
    if now is None or before is None or "tanks" not in now:
        return None
    listed = [c for c in EQUIPMENT_WORDS if c in now]
    rose = [c for c in listed if now[c] > before.get(c, now[c])][:4]
    headline = (
        f"General Staff: Russia has lost {_count(now['tanks'], 'tanks')}, "
        f"{now['armoured_vehicles']:,} armored vehicles in Ukraine."
    )
    body = (
        f"Russian forces have lost {_join([_count(now[c], c) for c in listed])} since the "
        "beginning of the full-scale invasion on Feb. 24, 2022, the General Staff of Ukraine's "
        f"Armed Forces reported on {ap_date(day - timedelta(days=1))}."
    )
    if rose:
        destroyed = _join([_count(now[c] - before[c], c) for c in rose]).replace(", and", " and")
        body += f" Over the past day, Ukrainian forces destroyed {destroyed}."
    report = day - timedelta(days=1)
    figures = tuple(
        LossFigure(report, c, now[c], now[c] - before[c] if c in rose else None) for c in listed
    )
    return FeedItem(minute, headline, body, _truth(site, day, minute, headline, figures))


_NEWS = (
    (
        "Air Force: Ukraine downs {a} of {b} drones launched overnight.",
        "Ukraine's air defenses shot down {a} of {b} Shahed-type attack drones launched by Russia "
        "overnight, the Air Force reported on {d}. Another {c} drones were lost to electronic "
        "warfare, according to the statement.",
    ),
    (
        "Russian attacks kill {c} civilians, injure {a} over past day.",
        "Russian attacks across Ukraine killed {c} civilians and injured {a} over the past day, "
        "regional authorities reported on {d}. The heaviest shelling was reported in {oblast}.",
    ),
    (
        "Explosions heard in {city} during air raid alert.",
        "Explosions were heard in {city} on the morning of {d}, local media reported, as the Air "
        "Force warned of a missile threat. There was no immediate information about damage or "
        "casualties.",
    ),
    (
        "Power outages reported in {oblast} after overnight strike.",
        "Several districts of {oblast} were left without electricity after a Russian strike on "
        "energy infrastructure overnight, the regional administration said on {d}. Repair crews "
        "are working at the site.",
    ),
    (
        "Evacuation ordered for {c} villages in {oblast}.",
        "Authorities ordered the mandatory evacuation of families with children from {c} villages "
        "in {oblast} due to intensified Russian shelling, the regional governor said on {d}.",
    ),
    (
        "{country} announces new military aid package for Ukraine.",
        "{country} will provide Ukraine with a new military aid package worth {b} million euros, "
        "the country's Defense Ministry announced on {d}. The package includes artillery "
        "ammunition, spare parts and demining equipment.",
    ),
)


def news_item(site: str, day: date, minute: int, rng: Random) -> FeedItem:
    city = pick(CITIES, rng)
    values = {
        "a": str(5 + int(rng.random() * 60)),
        "b": str(70 + int(rng.random() * 120)),
        "c": str(2 + int(rng.random() * 14)),
        "d": ap_date(day),
        "city": city.city,
        "oblast": city.oblast or "Kyiv Oblast",
        "country": NATIONS[pick(ALLIES, rng)][1],
    }
    values["country"] = values["country"][0].upper() + values["country"][1:]
    head_t, body_t = _NEWS[int(rng.random() * len(_NEWS))]
    headline, body = head_t.format(**values), body_t.format(**values)
    return FeedItem(minute, headline, body, _truth(site, day, minute, headline, ()))


def _truth(site: str, day: date, minute: int, headline: str, figures: tuple) -> LiveTruth:
    key = f"{site}/{day.isoformat()}/{minute // 60:02d}{minute % 60:02d}"
    return LiveTruth(key, clock12(minute), headline, figures)


@lru_cache(maxsize=256)
def day_feed(seed: int, site: str, day: date) -> tuple[FeedItem, ...]:
    """The day's feed, newest first: the personnel item, often an equipment item, and news."""
    rng = Random(f"feed/{seed}/{site}/{day.isoformat()}")
    items: list[FeedItem] = []
    minute = 7 * 60 + int(rng.random() * 200)
    personnel = personnel_item(site, day, minute)
    if personnel:
        items.append(personnel)
    if rng.random() < 0.6:
        equipment = equipment_item(site, day, minute + 3 + int(rng.random() * 40))
        if equipment:
            items.append(equipment)
    taken = {item.minute for item in items}
    for _ in range(2 + int(rng.random() * 3)):
        m = 6 * 60 + int(rng.random() * 17 * 60)
        if m not in taken:
            taken.add(m)
            items.append(news_item(site, day, m, rng))
    items.sort(key=lambda item: item.minute, reverse=True)
    return tuple(items)


def feed_for_page(seed: int, site: str, day: date, rng: Random) -> tuple[FeedItem, ...]:
    """The one or two items a page shows: half the pages lead with the personnel item."""
    feed = day_feed(seed, site, day)
    start = int(rng.random() * len(feed))
    if rng.random() < 0.5:
        for k, item in enumerate(feed):
            if item.truth.losses and item.truth.losses[0].category == "personnel":
                start = k
                break
    count = 2 if rng.random() < 0.3 else 1
    return feed[start : start + count]
