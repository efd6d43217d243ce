"""One batch of raw files -> the rows of everything found on their pages.

This is the step a task maps over batches of files: read each file's documents (a text dump
or HTML page is one, a WARC or JSON Lines file many: `transforms.formats`), parse and extract,
with every rejection kept as data. A rejection with a `member` (record or line number) costs
that record only; the file's other documents go on. Rows still carry document ids; the
night's dedupe decides which document stands for which article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from transforms.dedupe import NEWS, live_item_id, signatures
from transforms.dedupe.normalise import LIVE_SEPARATOR, normalised_words
from transforms.dedupe.sketch import bands_type, signature_type
from transforms.extract.entities import extract_entities
from transforms.extract.losses import extract_losses
from transforms.extract.quotes import extract_quotes
from transforms.formats import LIMITS, Bad, Document, Limits, format_of, read_documents
from transforms.formats.htmlpage import parse_document
from transforms.parse import line_hash
from transforms.records import ParsedPage, RawDoc, Rejection

TS = pa.timestamp("us", tz="UTC")
ONE_THREAD = replace(NEWS, workers=1)  # a worker process sketches its batch on its own core
SKETCH = {  # docs column -> `signatures` column
    "content_hash": "content_hash",
    "sketch_words": "word_count",
    "signature": "signature",
    "band_hashes": "band_hashes",
}
STRS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "files": pa.schema(
        [
            ("path", pa.string()),
            ("size", pa.int64()),
            ("sha256", pa.string()),
            ("format", pa.string()),  # text | html | warc | jsonl, "+gzip"/"+zstd" if compressed
            ("documents", pa.int32()),  # documents parsed out of the file
        ]
    ),
    "docs": pa.schema(
        [
            ("doc_id", pa.string()),
            ("raw_file", pa.string()),
            ("sha256", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("headline", pa.string()),
            ("authors", STRS),
            ("published_at", TS),
            ("published_at_source", pa.string()),
            ("modified_at", TS),
            ("capture_date", pa.date32()),
            ("published_date", pa.date32()),
            ("tags", STRS),
            ("body", pa.string()),
            ("word_count", pa.int32()),
            ("image_caption", pa.string()),
            ("image_credit", pa.string()),
            ("language", pa.string()),
            # the deduper's sketch of the body (`transforms.dedupe.signatures`), made here in
            # the workers rather than in the flow's process, which is the busier one
            ("content_hash", pa.string()),
            ("sketch_words", pa.int32()),  # words as the deduper counts them
            ("signature", signature_type()),
            ("band_hashes", bands_type()),
        ]
    ),
    "live": pa.schema(
        [
            ("doc_id", pa.string()),
            ("raw_file", pa.string()),
            ("source", pa.string()),
            ("update_id", pa.string()),
            ("published_at", TS),
            ("published_date", pa.date32()),
            ("time_text", pa.string()),
            ("headline", pa.string()),
            ("body", pa.string()),
        ]
    ),
    "losses": pa.schema(
        [
            ("doc_id", pa.string()),
            ("update_id", pa.string()),
            ("report_date", pa.date32()),
            ("category", pa.string()),
            ("total", pa.int64()),
            ("delta", pa.int64()),
        ]
    ),
    "quotes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("speaker", pa.string()),
            ("quote", pa.string()),
            ("verb", pa.string()),
        ]
    ),
    "entities": pa.schema(
        [
            ("doc_id", pa.string()),
            ("entity", pa.string()),
            ("kind", pa.string()),
            ("origin", pa.string()),
        ]
    ),
    "bios": pa.schema(
        [
            ("source", pa.string()),
            ("name", pa.string()),
            ("role", pa.string()),
            ("bio", pa.string()),
        ]
    ),
    "related": pa.schema(
        [
            ("doc_id", pa.string()),
            ("headline", pa.string()),
            ("teaser", pa.string()),
            ("site", pa.string()),
        ]
    ),
    "chrome": pa.schema(
        [
            ("source", pa.string()),
            ("line_hash", pa.string()),
            ("line", pa.string()),
            ("capture_date", pa.date32()),
        ]
    ),
    "rejections": pa.schema(
        [
            ("path", pa.string()),
            ("stage", pa.string()),
            ("reason", pa.string()),
            ("detail", pa.string()),
            ("size", pa.int64()),
            ("member", pa.int64()),  # record or line number; null when the whole file is rejected
        ]
    ),
}


@dataclass
class PageRows:
    """Rows collected from a batch, one list of dicts per kind (see SCHEMAS)."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in SCHEMAS})

    def add(self, kind: str, /, **row) -> None:
        self.rows[kind].append(row)

    def tables(self) -> dict[str, pa.Table]:
        """The rows as tables; sketches and live-item ids are computed here, once per batch
        (vectorised), rather than one Arrow call per page."""
        live = self.rows["live"]
        ids = _live_item_ids([r["headline"] for r in live], [r["body"] for r in live])
        for row, update_id in zip(live, ids, strict=True):
            row["update_id"] = update_id
        for row in self.rows["losses"]:
            at = row["update_id"]
            row["update_id"] = None if at is None else ids[at]
        out = {k: pa.Table.from_pylist(v, schema=SCHEMAS[k]) for k, v in self.rows.items()}
        docs = out["docs"]
        sketch = signatures(docs.select(["body"]), ONE_THREAD)
        for name, made in SKETCH.items():
            i = docs.schema.get_field_index(name)
            docs = docs.set_column(i, SCHEMAS["docs"].field(i), sketch[made])
        out["docs"] = docs
        return out


def _live_item_ids(headlines: list[str], bodies: list[str]) -> list[str]:
    """`transforms.dedupe.live_item_id` of each (headline, body) pair, normalised in one go."""
    if not headlines:
        return []
    if any(h is None for h in headlines) or any(b is None for b in bodies):
        return [live_item_id(h, b) for h, b in zip(headlines, bodies, strict=True)]
    texts = pa.array(headlines + bodies, pa.string())
    joined = pc.binary_join(normalised_words(texts), " ").to_pylist()
    n = len(headlines)
    digest = xxhash.xxh3_128_hexdigest
    return [
        digest((h + LIVE_SEPARATOR + b).encode())
        for h, b in zip(joined[:n], joined[n:], strict=True)
    ]


def process_batch(
    items: Iterable[RawDoc | Rejection],
    today: date,
    boilerplate: Mapping[str, frozenset[str]] | None = None,
    limits: Limits = LIMITS,
) -> dict[str, pa.Table]:
    """Read, parse and extract every readable file; rejections become rows, never errors."""
    out = PageRows()
    for item in items:
        if isinstance(item, Rejection):
            _reject(out, item, item.size)
            continue
        fmt = format_of(item)
        documents = 0
        for got in _guarded(read_documents(item, today, limits, fmt)):
            if isinstance(got, Bad):
                rejection = Rejection(item.path, got.stage, got.reason, got.detail)
                _reject(out, rejection, item.size, got.member)
                continue
            page = parse_document(got, boilerplate)
            if isinstance(page, Rejection):
                if got.member is not None:
                    page = Rejection(page.path, page.stage, page.reason, _record(got, page.detail))
                _reject(out, page, item.size, got.member)
                continue
            _collect(out, page, item)
            documents += 1
        out.add(
            "files",
            path=item.path,
            size=item.size,
            sha256=item.sha256,
            format=fmt,
            documents=documents,
        )
    return out.tables()


def _guarded(items: Iterator[Document | Bad]) -> Iterator[Document | Bad]:
    """The reader's items; a reader that raises (a bug) ends its file with a `Bad`."""
    try:
        yield from items
    except Exception as err:  # a reader bug must quarantine the file, not stop the night
        yield Bad("decode", "reader_error", f"{type(err).__name__}: {err}"[:300])


def _record(got, detail: str) -> str:
    kind = "line" if got.doc.fmt == "jsonl" else "record"
    return f"{kind} {got.member}: {detail}"[:300]


def _reject(out: PageRows, r: Rejection, size: int | None, member: int | None = None) -> None:
    out.add(
        "rejections",
        path=r.path,
        stage=r.stage,
        reason=r.reason,
        detail=r.detail,
        size=size,
        member=member,
    )


def _collect(out: PageRows, page: ParsedPage, raw: RawDoc) -> None:
    body = page.body
    published_date = page.published_at.date() if page.published_at else page.capture_date
    out.add(
        "docs",
        doc_id=page.doc_id,
        raw_file=page.raw_file,
        sha256=raw.sha256,
        source=page.source,
        url=page.url,
        headline=page.headline,
        authors=page.authors,
        published_at=page.published_at,
        published_at_source=page.published_at_source,
        modified_at=page.modified_at,
        capture_date=page.capture_date,
        published_date=published_date,
        tags=page.tags,
        body=body,
        word_count=len(body.split()),
        image_caption=page.image_caption,
        image_credit=page.image_credit,
        language=page.language,
        content_hash=None,  # filled per batch in PageRows.tables
    )
    first = len(out.rows["live"])  # update ids are filled per batch too; until then, row indexes
    for item in page.live_items:
        out.add(
            "live",
            doc_id=page.doc_id,
            raw_file=page.raw_file,
            source=page.source,
            update_id=None,
            published_at=item.published_at,
            published_date=item.published_at.date() if item.published_at else page.capture_date,
            time_text=item.time_text,
            headline=item.headline,
            body=item.body,
        )
    for index, report in extract_losses(page):
        out.add(
            "losses",
            doc_id=page.doc_id,
            update_id=first + index if 0 <= index < len(page.live_items) else None,
            report_date=report.report_date,
            category=report.category,
            total=report.total,
            delta=report.delta,
        )
    for q in extract_quotes(page, page.doc_id):
        out.add("quotes", doc_id=page.doc_id, speaker=q.speaker, quote=q.quote, verb=q.verb)
    for e in extract_entities(page, page.doc_id):
        out.add("entities", doc_id=page.doc_id, entity=e.entity, kind=e.kind, origin=e.origin)
    for bio in page.bios:
        out.add("bios", source=page.source, name=bio.name, role=bio.role, bio=bio.bio)
    for card in page.related:
        out.add(
            "related",
            doc_id=page.doc_id,
            headline=card.headline,
            teaser=card.teaser,
            site=card.site,
        )
    for line in dict.fromkeys(page.chrome):
        out.add(
            "chrome",
            source=page.source,
            line_hash=line_hash(line),
            line=line,
            capture_date=page.capture_date,
        )
