"""What a format reader yields, and the limits every reader keeps.

A reader turns one landed file into documents (`Document`) and, for what it cannot read,
`Bad` items saying why. A `Bad` with a `member` is one record or line of a file that holds
many (a WARC, a JSON Lines file): it is quarantined and the rest of the file goes on. A `Bad`
without one rejects the whole file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transforms.records import DecodedDoc


@dataclass(frozen=True, slots=True)
class HtmlMeta:
    """What trafilatura read from an HTML page, beside the page's visible text."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date or date-time as the page states it
    tags: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1, from the page's declared language
    url: str | None = None  # canonical link, else the URL the page was fetched from
    sitename: str | None = None
    paragraphs: tuple[str, ...] = field(default_factory=tuple)  # main text, when extracted


@dataclass(frozen=True, slots=True)
class Document:
    """One document read out of a file: its text and, for HTML, trafilatura's reading."""

    doc: DecodedDoc
    member: int | None = None  # record or line number inside the file (None: the file itself)
    html: HtmlMeta | None = None


@dataclass(frozen=True, slots=True)
class Bad:
    """Why a file (member None) or one record/line of it (member N) could not be read."""

    stage: str
    reason: str
    detail: str = ""
    member: int | None = None


def where(kind: str, member: int | None, detail: str) -> str:
    """A quarantine detail that names the record or line: ``record 3: ...``."""
    return detail if member is None else f"{kind} {member}: {detail}"[:300]
