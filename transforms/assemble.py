"""The night's page rows + what the warehouse already holds -> rows for every table.

Byte-identical files are set aside first; `transforms.dedupe.fold` then decides which document
stands for which article (identical content, near-duplicates, new versions, within the night
and against the stored index). Here those decisions become rows: articles, versions,
duplicates, facts, live items, loss figures and the ledger status of every file. Pure: the flow
looks up what is stored and passes it in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedupe import DedupeResult
from transforms.pages import SKETCH
from warehouse.schemas import TABLES

# Partial `articles` rows (key, partition, last_seen_run; other columns null = keep stored).
# They are not new data, so they bypass validation and join `articles` at publish.
TOUCHES = "article_touches"
INDEX = ("lsh_bands", "lsh_signatures")  # rows for the near-duplicate index
# What the deduper reads: `signatures` columns, sketched in the workers (transforms/pages.py).
DOC_COLUMNS = {
    **{name: name for name in ("doc_id", "published_at", "capture_date")},
    **SKETCH,  # docs column -> the name `signatures` gives it
}


@dataclass(frozen=True)
class StoredKeys:
    """What the warehouse already knows about this night's keys."""

    sha_paths: Mapping[str, str] = field(default_factory=dict)  # sha256 -> ledger path
    path_articles: Mapping[str, str] = field(default_factory=dict)  # ledger path -> article_id


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    run_date: date


@dataclass(frozen=True)
class Folded:
    """The deduper's answer for the night's distinct documents."""

    result: DedupeResult
    versions: pa.Table  # article_versions rows (transforms.dedupe.versions)
    stored_dates: Mapping[str, date]  # stored article_id -> its published_date partition


# Sketched documents (DOC_COLUMNS, renamed) -> Folded. The flow binds the warehouse lookups into it.
Deduper = Callable[[pa.Table], Folded]


def assemble(
    night: Mapping[str, pa.Table], stored: StoredKeys, run: RunInfo, dedupe: Deduper
) -> dict[str, list[dict] | pa.Table]:
    rows: dict[str, list] = defaultdict(list)
    files = night["files"].to_pylist()
    status: dict[str, tuple[str, str]] = {}
    unique, file_dups = _distinct_files(night, files, stored, status)
    raw_file = {d["doc_id"]: d["raw_file"] for d in unique}  # the night's distinct documents
    kept = set(raw_file.values())
    mask = pa.array([f in kept for f in night["docs"]["raw_file"].to_pylist()], pa.bool_())
    docs = night["docs"].filter(mask)  # their rows stay Arrow: bodies never become Python
    folded = dedupe(docs.select(list(DOC_COLUMNS)).rename_columns(list(DOC_COLUMNS.values())))
    doc_article, published = _article_rows(rows, docs, raw_file, folded, run, status)
    for dup in file_dups:
        rows["duplicates"].append(
            _duplicate(
                dup["doc_id"],
                doc_article.get(dup["doc_id"]) or stored.path_articles.get(dup["seen"]),
                "exact_file",
                1.0,
                dup["raw_file"],
                run,
            )
        )
    rows["lsh_bands"] = folded.result.index_bands
    rows["lsh_signatures"] = folded.result.index_signatures
    _fact_rows(rows, night, published, doc_article)
    _live_rows(rows, night, set(raw_file), doc_article, run)
    _site_rows(rows, night)
    _ledger_rows(rows, night, files, status, run)
    return rows


def _distinct_files(night, files, stored: StoredKeys, status) -> tuple[list[dict], list[dict]]:
    """The first path (sorted) of each sha256 stands; later copies are duplicates. A file may
    hold several documents (a WARC, a JSON Lines file)."""
    docs: dict[str, list[dict]] = defaultdict(list)
    for d in night["docs"].select(["doc_id", "raw_file"]).to_pylist():
        docs[d["raw_file"]].append(d)
    first_path: dict[str, str] = {}
    unique, dups = [], []
    for f in sorted(files, key=lambda f: f["path"]):
        seen = stored.sha_paths.get(f["sha256"]) or first_path.get(f["sha256"])
        if seen is not None:
            status[f["path"]] = ("duplicate", f"same bytes as {seen}")
            dups.extend(
                {"doc_id": doc["doc_id"], "raw_file": f["path"], "seen": seen}
                for doc in docs.get(f["path"], ())
            )
            continue
        first_path[f["sha256"]] = f["path"]
        unique.extend(docs.get(f["path"], ()))
    return unique, dups


def _article_rows(
    rows, docs: pa.Table, raw_file: Mapping[str, str], folded: Folded, run: RunInfo, status
) -> tuple[dict[str, str], dict[str, date]]:
    """articles, article_versions and duplicates rows; returns doc -> article and the docs
    that published something (a new article or a new version) -> the article's date."""
    result = folded.result
    assigned = result.assignments.select(["doc_id", "article_id", "method"]).to_pylist()
    doc_article = {a["doc_id"]: a["article_id"] for a in assigned}
    version_rows = folded.versions.to_pylist()
    new_versions: dict[str, int] = defaultdict(int)
    for v in version_rows:
        new_versions[v["article_id"]] += 1
    published_date = _articles(rows, docs, result.articles, folded.stored_dates, new_versions, run)
    for v in version_rows:
        rows["article_versions"].append(
            v
            | {
                "raw_file": raw_file[v["doc_id"]],
                "run_id": run.run_id,
                "word_delta": v["word_delta"] or 0,
            }
        )
    published = {v["doc_id"]: published_date[v["article_id"]] for v in version_rows}
    for d in result.duplicates.to_pylist():
        rows["duplicates"].append(
            _duplicate(
                d["doc_id"],
                d["canonical_id"],
                d["method"],
                d["similarity"],
                raw_file[d["doc_id"]],
                run,
            )
        )
    for a in assigned:  # a file of several documents is published if any of them is
        path = raw_file[a["doc_id"]]
        if a["doc_id"] in published:
            status[path] = ("published", "")
        elif status.get(path, ("",))[0] != "published":
            status[path] = ("duplicate", f"{a['method']} duplicate of article {a['article_id']}")
    return doc_article, published


def _articles(
    rows,
    docs: pa.Table,
    touched: pa.Table,
    stored_dates: Mapping[str, date],
    new_versions: Mapping[str, int],
    run: RunInfo,
) -> dict[str, date]:
    """`articles` rows, columnar: a new article, or a stored one whose current text is a new
    version, takes its current document's columns; a new one is dated by its canonical
    document. Every other article the night touched gets a partial row (TOUCHES). Returns
    each touched article's published_date."""
    ids = touched["article_id"].to_pylist()
    versions = pa.array([new_versions.get(a, 0) for a in ids], pa.int32())
    is_new = touched["is_new"]
    written = pc.or_(is_new, pc.and_(touched["is_current"], pc.greater(versions, 0)))
    doc_ids = docs["doc_id"]
    current = pc.index_in(touched["doc_id"], value_set=doc_ids)
    canonical = pc.index_in(touched["canonical_doc_id"], value_set=doc_ids)
    stored = pa.array([stored_dates.get(a) for a in ids], pa.date32())
    dates = pc.if_else(is_new, docs["published_date"].take(canonical), stored)
    published_date = dict(stored_dates) | dict(zip(ids, dates.to_pylist(), strict=True))

    art = touched.filter(written)
    cur = docs.take(current.filter(written)).select(list(_ARTICLE_FIELDS))
    new = art["is_new"]
    canonical_at = docs["published_at"].take(canonical.filter(written))
    when = pc.if_else(new, pc.coalesce(art["published_at"], canonical_at), cur["published_at"])
    n = art.num_rows
    cur = cur.set_column(cur.schema.get_field_index("published_at"), "published_at", when)
    columns = {
        "article_id": art["article_id"],
        "published_date": dates.filter(written),
        "versions": versions.filter(written),
        "first_seen_run": pa.array([run.run_id] * n, pa.string()),
        "last_seen_run": pa.array([run.run_id] * n, pa.string()),
    }
    for name, column in columns.items():
        cur = cur.append_column(name, column)
    schema = TABLES["articles"].schema
    rows["articles"] = cur.select(schema.names).cast(schema)

    rest = pc.invert(written).to_numpy(zero_copy_only=False)
    rows[TOUCHES] = [
        {
            "article_id": ids[i],
            "published_date": published_date[ids[i]],
            "last_seen_run": run.run_id,
            "versions": versions[i].as_py(),
        }
        for i in rest.nonzero()[0].tolist()
    ]
    return published_date


def _duplicate(doc_id, canonical_id, method, similarity, raw_file, run: RunInfo) -> dict:
    return {
        "doc_id": doc_id,
        "canonical_id": canonical_id,
        "method": method,
        "similarity": similarity,
        "raw_file": raw_file,
        "run_id": run.run_id,
        "run_date": run.run_date,
    }


_ARTICLE_FIELDS = (
    "source", "url", "headline", "authors", "published_at", "published_at_source", "modified_at",
    "capture_date", "tags", "body", "word_count", "image_caption", "image_credit", "language",
    "content_hash", "raw_file",
)  # fmt: skip


def _fact_rows(rows, night, published: Mapping[str, date], doc_article: Mapping[str, str]) -> None:
    """Quotes, entities and related cards of documents that published an article or version.

    Vectorised: each fact's document is looked up in the published ones, and a quote or name
    repeated on one page (same article and key columns) keeps its first row only."""
    pub_docs = pa.array(list(published), pa.string())
    pub_articles = pa.array([doc_article[d] for d in published], pa.string())
    pub_dates = pa.array(list(published.values()), pa.date32())
    for kind, table, key in (
        ("quotes", "quotes", ("speaker", "quote")),
        ("entities", "entities", ("entity", "kind", "origin")),
        ("related", "related_links", ("headline",)),
    ):
        facts = night[kind]
        at = pc.index_in(facts["doc_id"], value_set=pub_docs)
        keep = pc.is_valid(at)
        facts, at = facts.filter(keep), at.filter(keep)
        facts = facts.drop_columns(["doc_id"])
        facts = facts.append_column("article_id", pub_articles.take(at))
        facts = facts.append_column("published_date", pub_dates.take(at))
        facts = facts.append_column("_row", pa.array(range(facts.num_rows), pa.int64()))
        first = facts.group_by(["article_id", *key], use_threads=False).aggregate([("_row", "min")])
        firsts = first["_row_min"]
        facts = facts.take(pc.take(firsts, pc.sort_indices(firsts)))
        schema = TABLES[table].schema
        rows[table] = facts.select(schema.names).cast(schema)


def _live_rows(rows, night, pages: set[str], doc_article, run: RunInfo) -> None:
    """One row per distinct feed item; times_seen counts distinct pages that showed it."""
    live = night["live"]
    live = live.filter(pc.is_in(live["doc_id"], value_set=pa.array(list(pages), pa.string())))
    # the earliest showing (then the first file by path) gives the item's columns
    live = live.take(
        pc.sort_indices(
            live,
            sort_keys=[
                ("published_at", "ascending", "at_end"),
                ("raw_file", "ascending", "at_end"),
            ],
        )
    )
    as_shown = pc.ScalarAggregateOptions(skip_nulls=False)  # the first row's, nulls included
    shown = ("source", "published_at", "published_date", "time_text", "headline", "body")
    items = live.group_by("update_id", use_threads=False).aggregate(
        [(c, "first", as_shown) for c in (*shown, "raw_file")] + [("doc_id", "count_distinct")]
    )
    items = items.rename_columns(
        {f"{c}_first": c for c in shown}
        | {"raw_file_first": "first_seen_file", "doc_id_count_distinct": "times_seen"}
    )
    items = items.append_column(
        "first_seen_run", pa.array([run.run_id] * items.num_rows, pa.string())
    )
    schema = TABLES["live_updates"].schema
    rows["live_updates"] = items.select(schema.names).cast(schema)
    reports: dict[tuple, dict] = {}
    for r in sorted(
        night["losses"].to_pylist(), key=lambda r: (r["report_date"], r["category"], r["doc_id"])
    ):
        if r["doc_id"] not in pages:
            continue
        key = (r["report_date"], r["category"], r["total"])
        if key in reports:
            reports[key]["times_reported"] += 1
            continue
        reports[key] = {
            "report_date": r["report_date"],
            "category": r["category"],
            "total": r["total"],
            "delta": r["delta"],
            "update_id": r["update_id"],
            "article_id": None if r["update_id"] else doc_article.get(r["doc_id"]),
            "times_reported": 1,
            "report_year": r["report_date"].year,
        }
    rows["loss_reports"].extend(reports.values())


def _site_rows(rows, night) -> None:
    """Author bios and the boilerplate each source repeats."""
    authors: dict[tuple, dict] = {}
    for r in night["bios"].to_pylist():
        key = (r["source"], r["name"])
        if key in authors:
            authors[key]["articles"] += 1
            authors[key]["bio"] = r["bio"] or authors[key]["bio"]
            authors[key]["role"] = r["role"] or authors[key]["role"]
        else:
            authors[key] = r | {"articles": 1}
    rows["authors"].extend(authors.values())
    # one row per (source, line hash), in order of first appearance: the line as first seen,
    # the pages showing it and the capture dates it spans
    lines = (
        night["chrome"]
        .group_by(["source", "line_hash"], use_threads=False)
        .aggregate(
            [
                ("line", "first"),
                ([], "count_all"),
                ("capture_date", "min"),
                ("capture_date", "max"),
            ]
        )
        .rename_columns(
            {
                "line_first": "line",
                "count_all": "pages_seen",
                "capture_date_min": "first_seen",
                "capture_date_max": "last_seen",
            }
        )
    )
    schema = TABLES["boilerplate_lines"].schema
    rows["boilerplate_lines"] = lines.select(schema.names).cast(schema)


def _ledger_rows(rows, night, files, status, run: RunInfo) -> None:
    """Every file of the night gets exactly one ledger row and, if rejected, a quarantine row.

    A rejected record or line of a file (`member` set) is quarantined alone: the file is
    quarantined for it only when none of its other documents was published or folded."""
    sizes = {f["path"]: (f["size"], f["sha256"]) for f in files}
    held = {f["path"]: (f.get("format"), f.get("documents")) for f in files}
    for r in night["rejections"].to_pylist():
        sizes.setdefault(r["path"], (r.pop("size"), None))
        verdict = ("quarantined", f"{r['stage']}: {r['reason']}")
        if r.pop("member", None) is None:
            status[r["path"]] = verdict
        else:
            status.setdefault(r["path"], verdict)
        rows["quarantine"].append(r | {"run_id": run.run_id, "run_date": run.run_date})
    for path, (size, sha) in sorted(sizes.items()):
        state, reason = status.get(path, ("quarantined", "parse: no_article"))
        fmt, documents = held.get(path, (None, 0))
        rows["raw_files"].append(
            {
                "path": path,
                "size": size,
                "sha256": sha,
                "format": fmt,
                "documents": documents,
                "first_seen_run": run.run_id,
                "status": state,
                "reason": reason or None,
                "run_date": run.run_date,
            }
        )
