"""Ground truth for every generated dump: what a correct pipeline should make of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

#: Every `Label.kind`, with what a correct pipeline does with it.
KINDS: dict[str, str] = {
    "original": "first capture of a story: publish",
    "hard_negative": "a different story by the same author, topic and week: publish, never fold",
    "exact_copy": "byte copy of `of` under another name: exact duplicate",
    "live_variant": "`of` re-captured on a later day; only the header and live feed differ",
    "edited": "`of` re-captured with one paragraph edited: a new version of the story",
    "added_paragraph": "`of` re-captured with one paragraph added: a new version",
    "trimmed": "`of` re-captured but the file ends early (mid-line): near duplicate",
    "reencoded": "`of` saved as windows-1252 (CRLF) or UTF-16 with BOM: same text once decoded",
    "other_site": "an original story of another site (own chrome, see corpus.pages)",
    "bad_empty": "zero bytes: quarantine",
    "bad_binary": "a PNG header and random bytes: quarantine",
    "bad_undecodable": "header, then bytes no text encoding explains (invalid UTF-8, NULs): quarantine",
    "bad_mixed": "`of` with one paragraph in windows-1252 inside UTF-8: quarantine (or repair)",
    "bad_truncated": "header and a few lines cut mid-line, no body: quarantine",
}


@dataclass(frozen=True, slots=True)
class LossFigure:
    report_date: date
    category: str  # corpus.losses.CATEGORIES
    total: int
    delta: int | None  # None when the text does not state it


@dataclass(frozen=True, slots=True)
class LiveTruth:
    key: str  # stable id of the feed item: "<site>/<capture date>/<HHMM>"
    time_text: str
    headline: str
    losses: tuple[LossFigure, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteTruth:
    speaker: str  # full name, although the attribution uses the surname
    verb: str
    quote: str  # the words inside the quote marks, without the closing comma or period


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    story_id: str | None  # the cluster a dedupe must fold this file into; None for bad files
    kind: str  # one of KINDS
    capture_date: date | None  # the header's date (None when the file has no header)
    site: str | None  # "kyiv-independent", "dnipro-ledger", "baltic-wire", "black-sea-monitor"
    of: str | None = None  # the file this one was derived from (or mirrors, for hard negatives)
    encoding: str | None = "utf-8"
    headline: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None  # timezone-aware, site-local
    tags: tuple[str, ...] = ()
    live: tuple[LiveTruth, ...] = ()
    quotes: tuple[QuoteTruth, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings), one manifest line."""
        return {
            "name": self.name,
            "story_id": self.story_id,
            "kind": self.kind,
            "capture_date": self.capture_date.isoformat() if self.capture_date else None,
            "site": self.site,
            "of": self.of,
            "encoding": self.encoding,
            "headline": self.headline,
            "authors": list(self.authors),
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "tags": list(self.tags),
            "live": [
                {
                    "key": item.key,
                    "time_text": item.time_text,
                    "headline": item.headline,
                    "losses": [
                        {
                            "report_date": f.report_date.isoformat(),
                            "category": f.category,
                            "total": f.total,
                            "delta": f.delta,
                        }
                        for f in item.losses
                    ],
                }
                for item in self.live
            ],
            "quotes": [
                {"speaker": q.speaker, "verb": q.verb, "quote": q.quote} for q in self.quotes
            ],
        }


@dataclass(frozen=True, slots=True)
class SampleDump:
    name: str
    data: bytes
    label: Label
