"""Inline SVG charts (no script, no fonts to fetch); every label is escaped with `e()`."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reporting.html import e

PALETTE = ("#3559c7", "#12805c", "#c4320a", "#7a5af8", "#0e9384", "#c11574", "#a15c07", "#475467")
STATE_COLOURS = {"pass": "#12805c", "warn": "#dc8a09", "stop": "#b42318", "muted": "#98a2b3"}

W, H = 1160, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 30


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10^k at or above value (at least 1)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def compact(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


@dataclass(frozen=True)
class Frame:
    """The plot area and its y scale."""

    y_max: float
    width: int = W
    height: int = H

    @property
    def inner_w(self) -> float:
        return self.width - LEFT - RIGHT

    @property
    def inner_h(self) -> float:
        return self.height - TOP - BOTTOM

    def y(self, value: float) -> float:
        return TOP + self.inner_h * (1 - value / self.y_max)

    def x(self, position: float) -> float:
        """position in [0, 1] along the x axis."""
        return LEFT + self.inner_w * position


def _open(label: str, frame: Frame) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
        f'aria-label="{e(label)}">'
    )


def _y_axis(frame: Frame, fmt) -> str:
    parts = []
    for i in range(5):
        value = frame.y_max * i / 4
        y = frame.y(value)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{frame.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{e(fmt(value))}</text>'
        )
    return "".join(parts)


def _x_labels(frame: Frame, labels: Sequence[str], positions: Sequence[float]) -> str:
    """At most 8 labels, evenly picked, always the first and the last."""
    if not labels:
        return ""
    count = min(8, len(labels))
    picks = sorted({round(i * (len(labels) - 1) / max(count - 1, 1)) for i in range(count)})
    y = frame.height - 10
    out = []
    for i in picks:
        anchor = (
            "start" if i == 0 and len(labels) > 1 else "end" if i == len(labels) - 1 else "middle"
        )
        if len(labels) == 1:
            anchor = "middle"
        out.append(
            f'<text x="{frame.x(positions[i]):.1f}" y="{y}" text-anchor="{anchor}">{e(labels[i])}</text>'
        )
    return "".join(out)


def empty_chart(message: str) -> str:
    return f'<p class="empty">{e(message)}</p>'


def lines_by_day(
    series: Mapping[str, Sequence[tuple[date, float]]], *, label: str, unit: str = ""
) -> str:
    """One line per series over calendar days (gaps are not zero: a missing day is skipped)."""
    points = [p for values in series.values() for p in values]
    if not points:
        return empty_chart("No data yet.")
    first = min(d for d, _ in points)
    last = max(d for d, _ in points)
    span = max((last - first).days, 1)
    frame = Frame(y_max=nice_max(max(v for _, v in points)))

    def pos(day: date) -> float:
        return 0.5 if first == last else (day - first).days / span

    body = [_open(label, frame), _y_axis(frame, compact)]
    body.append(
        f'<line class="axis" x1="{LEFT}" x2="{frame.width - RIGHT}" '
        f'y1="{frame.y(0):.1f}" y2="{frame.y(0):.1f}"/>'
    )
    days = sorted({d for d, _ in points})
    body.append(_x_labels(frame, [d.isoformat() for d in days], [pos(d) for d in days]))
    for (name, values), colour in zip(series.items(), _colours(len(series)), strict=True):
        ordered = sorted(values)
        coords = " ".join(f"{frame.x(pos(d)):.1f},{frame.y(v):.1f}" for d, v in ordered)
        body.append(f"<g><title>{e(name)}</title>")
        body.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-linejoin="round" points="{coords}"/>'
        )
        if len(ordered) <= 120:
            body.extend(
                f'<circle cx="{frame.x(pos(d)):.1f}" cy="{frame.y(v):.1f}" r="2.5" fill="{colour}">'
                f"<title>{e(name)} {e(d.isoformat())}: {e(compact(v))}{e(unit)}</title></circle>"
                for d, v in ordered
            )
        body.append("</g>")
    body.append("</svg>")
    return "".join(body)


def legend(names: Sequence[str]) -> str:
    return (
        '<div class="legend">'
        + "".join(
            f'<span><i style="background:{c}"></i>{e(n)}</span>'
            for n, c in zip(names, _colours(len(names)), strict=True)
        )
        + "</div>"
    )


@dataclass(frozen=True)
class RunPoint:
    label: str  # x-axis label (the run's date)
    tooltip: str
    rate: float  # share of checks passed, 0..1
    state: str  # pass | warn | stop | muted
    href: str | None = None  # already escaped (see html.run_href)


def pass_rate(points: Sequence[RunPoint], *, label: str) -> str:
    """Share of checks passed per run, runs in order; dots coloured by the run's verdict."""
    if not points:
        return empty_chart("No runs yet.")
    frame = Frame(y_max=1.0, height=220)
    n = len(points)

    def pos(i: int) -> float:
        return 0.5 if n == 1 else i / (n - 1)

    body = [_open(label, frame), _y_axis(frame, lambda v: f"{v:.0%}")]
    coords = " ".join(f"{frame.x(pos(i)):.1f},{frame.y(p.rate):.1f}" for i, p in enumerate(points))
    body.append(f'<polyline fill="none" stroke="#98a2b3" stroke-width="1.5" points="{coords}"/>')
    for i, p in enumerate(points):
        dot = (
            f'<circle cx="{frame.x(pos(i)):.1f}" cy="{frame.y(p.rate):.1f}" r="{5 if n <= 60 else 3}" '
            f'fill="{STATE_COLOURS.get(p.state, STATE_COLOURS["muted"])}" stroke="#fff" '
            f'stroke-width="1.5"><title>{e(p.tooltip)}</title></circle>'
        )
        body.append(f'<a href="{p.href}">{dot}</a>' if p.href else dot)
    body.append(_x_labels(frame, [p.label for p in points], [pos(i) for i in range(n)]))
    body.append("</svg>")
    return "".join(body)


def _colours(n: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(n)]
