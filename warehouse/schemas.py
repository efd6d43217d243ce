"""Every warehouse table, defined once: columns, partition key, row key and merge rule.

The table names and key columns are the contract in DESIGN.md; analysts, the catalog views,
the expectation suites and the README's "Output format" all read them from here.

Merge rules say how a night's rows combine with rows already published under the same key:
``first`` keeps the stored value, ``last`` takes the night's, ``min``/``max``/``sum`` aggregate.
Columns not named take ``last``. A table without a key is append-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from transforms.dedupe import index as _dedupe_index

TS = pa.timestamp("us", tz="UTC")
STR = pa.string()
STRS = pa.list_(pa.string())


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    partition_by: str  # the column Hive partitions derive from (a date or short string)
    key: tuple[str, ...] = ()
    merge: dict[str, str] = field(default_factory=dict)
    doc: str = ""
    sort_by: tuple[str, ...] = ()  # row order inside each file (defaults to the key)
    by_month: bool = False  # one partition per calendar month of `partition_by`, not per value
    upgrade: Callable[[pa.Table], pa.Table] | None = None  # a file of an older schema -> today's
    plain: tuple[str, ...] = ()  # random hashes: stored without dictionary or codec (see below)
    # a key's rows may arrive dated in another partition than its stored row (see LIVE_UPDATES)
    key_may_move: bool = False
    # the table is only ever read whole, so a compaction may carry stored files into the new
    # one a file at a time, each still sorted, rather than sort them all together in memory
    compact_in_runs: bool = False

    @property
    def data_columns(self) -> list[str]:
        return [f.name for f in self.schema]

    @property
    def partition_key(self) -> str:
        """The name in folder names (`<key>=<value>`): `published_date` partitioned by month
        is `published_month`. A monthly table keeps its date column inside the files."""
        return (
            self.partition_by.removesuffix("_date") + "_month"
            if self.by_month
            else self.partition_by
        )

    @property
    def file_columns(self) -> list[str]:
        """Columns stored inside each file: all but a per-value partition column."""
        return [c for c in self.data_columns if self.by_month or c != self.partition_by]


def _schema(*fields: tuple[str, pa.DataType, str]) -> pa.Schema:
    return pa.schema(
        [pa.field(n, t, metadata={"doc": d}) for n, t, d in fields],
    )


ARTICLES = TableSpec(
    "articles",
    _schema(
        ("article_id", STR, "stable id of the story (id of its canonical document)"),
        ("source", STR, "site identity, e.g. kyiv-independent"),
        ("url", STR, "page URL when the dump has one"),
        ("headline", STR, "headline as shown"),
        ("authors", STRS, "author names, normalised (roles dropped, duplicates folded)"),
        ("published_at", TS, "publication time, UTC"),
        ("published_at_source", STR, "where published_at came from: byline, header, text or meta"),
        ("modified_at", TS, "last-modified time when the page shows one, UTC"),
        ("capture_date", pa.date32(), "date the current version was captured"),
        (
            "published_date",
            pa.date32(),
            "UTC date of published_at, else capture_date (partitioned by its month)",
        ),
        ("tags", STRS, "the article's tags"),
        ("body", STR, "article text, paragraphs separated by a blank line"),
        ("word_count", pa.int32(), "words in body"),
        ("image_caption", STR, "lead-image caption without its credit"),
        ("image_credit", STR, "lead-image credit, e.g. Pierre Crom/Getty Images"),
        ("language", STR, "ISO 639-1 code"),
        ("content_hash", STR, "xxh128 of the normalised body of the current version"),
        ("versions", pa.int32(), "distinct captures seen"),
        ("first_seen_run", STR, "run that first published this article"),
        ("last_seen_run", STR, "latest run that saw a capture of it"),
        ("raw_file", STR, "landing path of the current version's dump"),
    ),
    partition_by="published_date",
    by_month=True,
    key=("article_id",),
    merge={"first_seen_run": "first", "versions": "sum", "published_at": "first"},
    doc="One row per distinct article, current version.",
)

ARTICLE_VERSIONS = TableSpec(
    "article_versions",
    _schema(
        ("article_id", STR, "the article this capture belongs to"),
        ("version", pa.int32(), "1 for the first distinct capture, then 2, 3, ..."),
        ("capture_date", pa.date32(), "capture date of this version (partitioned by its month)"),
        ("content_hash", STR, "xxh128 of the normalised body"),
        ("word_count", pa.int32(), "words in this version's body"),
        ("word_delta", pa.int32(), "word_count minus the previous version's"),
        ("doc_id", STR, "document id of this capture"),
        ("raw_file", STR, "landing path of this capture"),
        ("run_id", STR, "run that published it"),
    ),
    partition_by="capture_date",
    by_month=True,
    key=("article_id", "content_hash"),
    merge={"version": "first", "doc_id": "first", "raw_file": "first", "run_id": "first"},
    doc="Every distinct capture of an article.",
)

LIVE_UPDATES = TableSpec(
    "live_updates",
    _schema(
        ("update_id", STR, "xxh128 of the normalised headline and body"),
        ("source", STR, "site whose feed showed it"),
        ("published_at", TS, "capture date + shown time in the site's time zone, UTC"),
        ("published_date", pa.date32(), "UTC date of published_at (partitioned by its month)"),
        ("time_text", STR, "time as shown, e.g. 9:07 AM"),
        ("headline", STR, "item headline"),
        ("body", STR, "item text"),
        ("first_seen_file", STR, "landing path of the first page that showed it"),
        ("times_seen", pa.int64(), "pages that showed it"),
        ("first_seen_run", STR, "run that first published it"),
    ),
    partition_by="published_date",
    by_month=True,
    key=("update_id",),
    merge={
        "published_at": "first",
        "published_date": "first",
        "first_seen_file": "first",
        "first_seen_run": "first",
        "times_seen": "sum",
    },
    doc="One row per distinct live-feed item.",
    # an item is dated by the capture showing it: the same text seen again next month (or
    # next year) is the same key arriving in another partition; its stored row must be found
    key_may_move=True,
)

LOSS_REPORTS = TableSpec(
    "loss_reports",
    _schema(
        ("report_date", pa.date32(), "day the General Staff reported the figure"),
        ("category", STR, "personnel, tanks, artillery, ..."),
        ("total", pa.int64(), "cumulative count since 2022-02-24"),
        ("delta", pa.int64(), "count over the past day, when given"),
        ("update_id", STR, "live item that reported it"),
        ("article_id", STR, "article that reported it, when not a live item"),
        ("times_reported", pa.int64(), "pages that restated this figure"),
        ("report_year", pa.int32(), "year of report_date (partition)"),
    ),
    partition_by="report_year",
    key=("report_date", "category", "total"),
    merge={"update_id": "first", "article_id": "first", "times_reported": "sum"},
    doc="One row per report date, category and figure (differing figures stay apart).",
)

QUOTES = TableSpec(
    "quotes",
    _schema(
        ("article_id", STR, "article quoting"),
        ("speaker", STR, "full name of the speaker, resolved from earlier mentions"),
        ("quote", STR, "the quotation, without quote marks"),
        ("verb", STR, "attribution verb: said, told, ..."),
        ("published_date", pa.date32(), "the article's published_date (partitioned by its month)"),
    ),
    partition_by="published_date",
    by_month=True,
    key=("article_id", "speaker", "quote"),
    doc="One row per attributed quotation.",
)

ENTITIES = TableSpec(
    "entities",
    _schema(
        ("article_id", STR, "article mentioning it"),
        ("entity", STR, "name as written"),
        ("kind", STR, "person | place | organisation | topic"),
        ("origin", STR, "tag | text"),
        ("published_date", pa.date32(), "the article's published_date (partitioned by its month)"),
    ),
    partition_by="published_date",
    by_month=True,
    key=("article_id", "entity", "kind", "origin"),
    doc="One row per entity mention.",
)

AUTHORS = TableSpec(
    "authors",
    _schema(
        ("name", STR, "author name"),
        ("role", STR, "role shown in the bio box, e.g. Reporter"),
        ("bio", STR, "bio text"),
        ("source", STR, "site of the bio box (partition)"),
        ("articles", pa.int64(), "pages showing this bio"),
    ),
    partition_by="source",
    key=("source", "name"),
    merge={"articles": "sum"},
    doc="One row per author per site.",
)

RELATED_LINKS = TableSpec(
    "related_links",
    _schema(
        ("article_id", STR, "page showing the card"),
        ("headline", STR, "linked article's headline"),
        ("teaser", STR, "teaser text"),
        ("site", STR, "site named on the card"),
        ("published_date", pa.date32(), "the article's published_date (partitioned by its month)"),
    ),
    partition_by="published_date",
    by_month=True,
    key=("article_id", "headline"),
    doc="One row per related-article card on a page.",
)

BOILERPLATE_LINES = TableSpec(
    "boilerplate_lines",
    _schema(
        ("source", STR, "site (partition)"),
        ("line_hash", STR, "xxh64 of the normalised line"),
        ("line", STR, "the line"),
        ("pages_seen", pa.int64(), "pages of the source showing it"),
        ("first_seen", pa.date32(), "earliest capture date"),
        ("last_seen", pa.date32(), "latest capture date"),
    ),
    partition_by="source",
    key=("source", "line_hash"),
    merge={"pages_seen": "sum", "first_seen": "min", "last_seen": "max", "line": "first"},
    doc="What each source repeats on every page.",
)

DUPLICATES = TableSpec(
    "duplicates",
    _schema(
        ("doc_id", STR, "document folded away"),
        ("canonical_id", STR, "article_id it was folded into"),
        ("method", STR, "exact_file | exact | near"),
        ("similarity", pa.float64(), "estimated Jaccard similarity (1.0 for exact)"),
        ("raw_file", STR, "landing path of the folded document"),
        ("run_id", STR, "run that folded it"),
        ("run_date", pa.date32(), "UTC date of the run (partition)"),
    ),
    partition_by="run_date",
    key=("doc_id", "raw_file"),
    merge={"canonical_id": "first", "method": "first", "similarity": "first", "run_id": "first"},
    doc="One row per document folded into another.",
)

RAW_FILES = TableSpec(
    "raw_files",
    _schema(
        ("path", STR, "landing path, relative to the landing root"),
        ("size", pa.int64(), "bytes"),
        ("sha256", STR, "sha256 of the bytes"),
        ("format", STR, "text | html | warc | jsonl, +gzip or +zstd when compressed"),
        ("documents", pa.int32(), "documents read out of it (pages, WARC records, lines)"),
        ("first_seen_run", STR, "run that first saw it"),
        ("status", STR, "published | duplicate | quarantined"),
        ("reason", STR, "why, when duplicate or quarantined"),
        ("run_date", pa.date32(), "UTC date of first_seen_run (partition)"),
    ),
    partition_by="run_date",
    key=("path", "size", "sha256"),
    merge={"first_seen_run": "first", "status": "first", "reason": "first", "run_date": "first"},
    doc="The ledger: one row per raw file ever seen.",
)

QUARANTINE = TableSpec(
    "quarantine",
    _schema(
        ("path", STR, "landing path (and record, for WARC members)"),
        ("stage", STR, "read | decode | parse | extract | validate"),
        ("reason", STR, "stable reason code or expectation name"),
        ("detail", STR, "specifics"),
        ("run_id", STR, "run that rejected it"),
        ("run_date", pa.date32(), "UTC date of the run (partition)"),
    ),
    partition_by="run_date",
    doc="One row per rejected file or record.",
)

DQ_RESULTS = TableSpec(
    "dq_results",
    _schema(
        ("run_id", STR, "run"),
        ("table", STR, "table checked"),
        ("expectation", STR, "expectation name"),
        ("severity", STR, "critical | warning"),
        ("success", pa.bool_(), "passed"),
        ("observed", STR, "observed value, as text"),
        ("unexpected_count", pa.int64(), "failing rows"),
        ("run_date", pa.date32(), "UTC date of the run (partition)"),
    ),
    partition_by="run_date",
    doc="One row per expectation per run.",
)

RUNS = TableSpec(
    "runs",
    _schema(
        ("run_id", STR, "run id"),
        ("started_at", TS, "start, UTC"),
        ("finished_at", TS, "end, UTC"),
        ("status", STR, "published | nothing_new | failed_validation"),
        ("files_seen", pa.int64(), "files in the landing zone"),
        ("files_new", pa.int64(), "files not yet in the ledger"),
        ("docs_decoded", pa.int64(), "documents decoded"),
        ("articles_new", pa.int64(), "articles added"),
        ("articles_updated", pa.int64(), "existing articles given a new version"),
        ("live_updates", pa.int64(), "live items published"),
        ("loss_reports", pa.int64(), "loss reports published"),
        ("duplicates", pa.int64(), "documents folded"),
        ("quarantined", pa.int64(), "files or records quarantined"),
        ("run_date", pa.date32(), "UTC date of the run (partition)"),
    ),
    partition_by="run_date",
    key=("run_id",),
    doc="One row per run.",
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        ARTICLES,
        ARTICLE_VERSIONS,
        LIVE_UPDATES,
        LOSS_REPORTS,
        QUOTES,
        ENTITIES,
        AUTHORS,
        RELATED_LINKS,
        BOILERPLATE_LINES,
        DUPLICATES,
        RAW_FILES,
        QUARANTINE,
        DQ_RESULTS,
        RUNS,
    )
}


# The near-duplicate index (transforms/dedupe/index.py): internal, append-only, compacted.
# Hashes and signatures are random bits: neither a dictionary nor zstd shrinks them, and every
# night's probe would pay to decode them (a 25k chunk over 1M stored: 2.5-3.0 -> ~2.0 CPU-s).
LSH_BANDS = TableSpec(
    "lsh_bands",
    _dedupe_index.LSH_BANDS,
    partition_by=_dedupe_index.LSH_BANDS_PARTITION,
    sort_by=_dedupe_index.LSH_BANDS_SORT,
    doc="Near-duplicate index: LSH band hashes of every stored article version.",
    upgrade=_dedupe_index.upgrade,
    plain=("band_hash", "article_key"),
)
LSH_SIGNATURES = TableSpec(
    "lsh_signatures",
    _dedupe_index.LSH_SIGNATURES,
    partition_by=_dedupe_index.LSH_SIGNATURES_PARTITION,
    sort_by=_dedupe_index.LSH_SIGNATURES_SORT,
    doc="Near-duplicate index: MinHash signature of every stored article version.",
    upgrade=_dedupe_index.upgrade,
    plain=("article_key", "signature"),
    # a chunk's probe reads every file (its keys are random hashes: nothing to prune), and a
    # compaction sorting ~90 MB of signatures at once was the 1M night's peak (bench/README)
    compact_in_runs=True,
)
INDEX_TABLES: dict[str, TableSpec] = {t.name: t for t in (LSH_BANDS, LSH_SIGNATURES)}
ALL_TABLES: dict[str, TableSpec] = {**TABLES, **INDEX_TABLES}


def empty(table: str) -> pa.Table:
    return ALL_TABLES[table].schema.empty_table()
