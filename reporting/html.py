"""HTML building blocks. Every value from data goes through `e()`; nothing else writes text.

Pages are self-contained: the stylesheet is inlined, charts are inline SVG, there is no script,
and a Content-Security-Policy forbids scripts and remote loads as a second line of defence.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from urllib.parse import quote

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def e(value: object) -> str:
    """Escaped text for an element or a quoted attribute; None and NaN are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


@cache
def stylesheet() -> str:
    return files(__package__).joinpath("report.css").read_text(encoding="utf-8")


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{stylesheet()}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def pill(text: str, kind: str) -> str:
    return f'<span class="pill {e(kind)}">{e(text)}</span>'


def card(heading: str, inner: str, *, extra_class: str = "", id_: str = "") -> str:
    ident = f' id="{e(id_)}"' if id_ else ""
    head = f"<h2>{e(heading)}</h2>" if heading else ""
    return f'<section class="card {e(extra_class)}"{ident}>{head}{inner}</section>'


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Iterable[int] = (),
    css: str = "",
) -> str:
    """A table; cells are already-built HTML (escape values with `e()` first)."""
    right = set(numeric)
    head = "".join(
        f'<th class="num">{e(h)}</th>' if i in right else f"<th>{e(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if i in right else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    klass = f' class="{e(css)}"' if css else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def stat(value: object, label: str) -> str:
    return f'<div class="stat"><b>{e(value)}</b><span>{e(label)}</span></div>'


def number(value: object) -> str:
    """12,345 for counts; empty for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def when(value: object) -> str:
    """A timestamp as 2024-03-11 01:05 UTC (dates as 2024-03-11)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if str(value) == "NaT":
            return ""
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def run_file(run_id: str) -> str:
    """File name of a run's page: the run id, or when it holds anything unusual, the id with
    those characters replaced plus a short hash (so two odd ids never share a page)."""
    text = str(run_id)
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)
    safe = safe.strip(".")[:80]
    if safe != text:
        safe = f"{safe or 'run'}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"
    return f"{safe}.html"


def run_href(run_id: str, prefix: str = "runs/") -> str:
    return e(prefix + quote(run_file(run_id)))
