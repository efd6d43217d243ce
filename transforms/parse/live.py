"""Live-feed items: a shown clock time, a headline, a few lines of text.

A feed shows only the time of day. The date is the capture date, stepped back one day each
time the clock goes forward while reading a newest-first feed (an item at 23:40 listed below
one at 00:15 was published the evening before).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from transforms.parse.dates import clock_of, find_datetime
from transforms.parse.profiles import LiveShape
from transforms.records import LiveItem

_Item = tuple[str, time, date | None, str, str]
_COMPLETE = re.compile(r"[.!?…\"”’)]$")


def find_live_items(
    lines: list[str],
    shape: LiveShape,
    capture: date,
    zone: tzinfo,
    month_first: bool = True,
) -> tuple[list[LiveItem], list[int]]:
    """Every item of the page's feed, and the line indices the feed occupies."""
    n = len(lines)
    first = 0
    if shape.heading is not None:
        first = next((i + 1 for i in range(n) if shape.heading.match(lines[i])), n)
    match = shape.time_line.match
    matches = [(i, m) for i, line in enumerate(lines[first:], first) if (m := match(line))]
    items: list[_Item] = []
    used: list[int] = [first - 1] if shape.heading is not None and matches else []
    for k, (i, m) in enumerate(matches):
        groups = {g: v for g, v in m.groupdict().items() if v is not None}
        clock = clock_of(groups)
        if clock is None:
            continue
        shown_day = None
        if groups.get("date"):
            found = find_datetime(groups["date"], month_first)
            shown_day = found.day if found else None
        if "headline" in groups:  # one-line item: "09:12 Russian losses: ..."
            shown = lines[i][: m.start("headline")].strip()
            items.append((shown, clock, shown_day, groups["headline"], ""))
            used.append(i)
            continue
        stop = matches[k + 1][0] if k + 1 < len(matches) else n
        if i + 1 >= stop:
            continue
        end = i + 2
        limit = min(stop, i + 2 + shape.max_body_lines)
        while end < limit and lines[end] not in shape.end_lines:
            end += 1
        body = "\n\n".join(lines[i + 2 : end])
        if end == n and not _COMPLETE.search(body):
            continue  # the dump was cut inside the page's last item
        items.append((lines[i], clock, shown_day, lines[i + 1], body))
        used.extend(range(i, end))
    return _dated(items, capture, zone, shape.newest_first, shape.day_rollover), used


def _dated(
    items: list[_Item], capture: date, zone: tzinfo, newest_first: bool, rollover: bool
) -> list[LiveItem]:
    out: list[LiveItem] = []
    day = capture
    previous: time | None = None
    order = items if newest_first else list(reversed(items))
    for shown, clock, shown_day, headline, body in order:
        if shown_day is not None:
            day = shown_day
        elif rollover and previous is not None and clock > previous:
            day -= timedelta(days=1)
        previous = clock
        when = datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)
        out.append(LiveItem(shown, when, headline, body))
    return out if newest_first else list(reversed(out))
