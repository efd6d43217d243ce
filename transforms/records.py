"""The typed records that flow between the pure steps.

Each step takes records (or Arrow tables built from them) and returns records; a step that
cannot handle an input returns a `Rejection` saying why, never raises and never drops silently.
Warehouse column layouts live in `warehouse/schemas.py`; these records are the in-memory shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True, frozen=True)
class RawDoc:
    """A raw file read from the landing zone (bytes not yet decoded)."""

    path: str  # relative to the landing root, POSIX separators
    size: int  # bytes on disk when discovered
    sha256: str
    data: bytes


@dataclass(slots=True, frozen=True)
class Rejection:
    """Why a file or record was set aside; becomes a `quarantine` row."""

    path: str
    stage: str  # read | decode | parse | extract | validate
    reason: str  # short stable code, e.g. "empty", "binary", "too_large"
    detail: str = ""  # human-readable specifics (never trusted as HTML)
    size: int | None = None  # bytes, when the file was listed but not read


@dataclass(slots=True, frozen=True)
class DecodedDoc:
    """A document as text: one per text/HTML file, one per response record of a WARC."""

    doc_id: str  # stable id: sha256 prefix of the raw bytes (+ record index inside a WARC)
    path: str
    sha256: str
    text: str  # NFC-normalised, LF line ends, no BOM, no header line
    encoding: str
    capture_date: date | None  # from the ` date YYYY-MM-DD ` header (or WARC-Date)
    url: str | None = None
    fmt: str = "text"  # text | html | warc


@dataclass(slots=True, frozen=True)
class LiveItem:
    """One item of a site's live news feed as shown beside a page."""

    time_text: str  # as shown, e.g. "9:07 AM"
    published_at: datetime | None  # timezone-aware UTC
    headline: str
    body: str


@dataclass(slots=True, frozen=True)
class RelatedCard:
    headline: str
    teaser: str
    site: str


@dataclass(slots=True, frozen=True)
class AuthorBio:
    name: str
    role: str | None
    bio: str | None


@dataclass(slots=True)
class ParsedPage:
    """Every part of one page, before facts are extracted."""

    doc_id: str
    raw_file: str
    source: str  # site identity, e.g. "kyiv-independent"
    capture_date: date
    url: str | None = None
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None  # timezone-aware UTC
    published_at_source: str | None = None  # byline | header | text
    modified_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    image_caption: str | None = None
    image_credit: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    language: str | None = None
    live_items: list[LiveItem] = field(default_factory=list)
    related: list[RelatedCard] = field(default_factory=list)
    bios: list[AuthorBio] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)  # lines judged boilerplate

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(slots=True, frozen=True)
class LossReport:
    report_date: date
    category: str  # personnel, tanks, ... (see transforms.extract.losses.CATEGORIES)
    total: int
    delta: int | None
    update_id: str | None = None
    article_id: str | None = None


@dataclass(slots=True, frozen=True)
class Quote:
    article_id: str
    speaker: str
    quote: str
    verb: str


@dataclass(slots=True, frozen=True)
class Entity:
    article_id: str
    entity: str
    kind: str  # person | place | organisation | topic
    origin: str  # tag | text
