"""The night's page rows + what the warehouse already holds -> rows for every table.

Decides which document stands for which article (byte-identical files, identical content,
near-duplicates, new versions), folds repeated live items and loss figures, and writes the
ledger status of every file. Pure: the flow looks up the stored keys and passes them in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import pyarrow as pa

MAX_DATE = date(9999, 12, 31)
# Partial `articles` rows (key, partition, last_seen_run; other columns null = keep stored).
# They are not new data, so they bypass validation and join `articles` at publish.
TOUCHES = "article_touches"


@dataclass(frozen=True)
class StoredKeys:
    """What the warehouse already knows about this night's keys."""

    sha_paths: Mapping[str, str] = field(default_factory=dict)  # sha256 -> ledger path
    article_hashes: Mapping[str, str] = field(default_factory=dict)  # content_hash -> article_id
    # article_id -> {"published_date", "versions", "word_count"} of the stored current version
    articles: Mapping[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    run_date: date


def _order(doc: dict) -> tuple:
    """Canonical order: earliest published_at, then earliest capture, then smallest id."""
    published = doc["published_at"]
    return (
        published is None,
        published or datetime.max,
        doc["capture_date"] or MAX_DATE,
        doc["doc_id"],
    )


@dataclass(frozen=True)
class Decision:
    """What a document is: a new article, a new version of one, or a duplicate of one."""

    article_id: str
    method: str  # new | version | exact | near
    similarity: float = 1.0
    reason: str = ""
    version: int = 1
    previous_word_count: int = 0
    published_date: date | None = None


# Near-duplicate search: documents in canonical order -> {doc_id: (matched article or doc id,
# similarity)} for the documents that match an earlier one or a stored article.
NearMatcher = Callable[[list[dict]], Mapping[str, tuple[str, float]]]


def decide(docs: list[dict], stored: StoredKeys, near: NearMatcher) -> dict[str, Decision]:
    """Decide every document, in canonical order, so the earliest of a cluster stands."""
    by_hash: dict[str, str] = dict(stored.article_hashes)
    articles: dict[str, dict] = {a: dict(v) for a, v in stored.articles.items()}
    matches = near(docs)
    decisions: dict[str, Decision] = {}
    for doc in docs:
        doc_id, h = doc["doc_id"], doc["content_hash"]
        if h in by_hash:
            article_id = by_hash[h]
            decisions[doc_id] = Decision(
                article_id, "exact", 1.0, f"same content as article {article_id}",
                published_date=articles[article_id]["published_date"],
            )  # fmt: skip
            continue
        target = matches.get(doc_id)
        if target is not None:
            article_id = decisions[target[0]].article_id if target[0] in decisions else target[0]
            if article_id in articles:
                known = articles[article_id]
                known["versions"] += 1
                decisions[doc_id] = Decision(
                    article_id, "version", target[1], f"new version of article {article_id}",
                    version=known["versions"], previous_word_count=known["word_count"],
                    published_date=known["published_date"],
                )  # fmt: skip
                known["word_count"] = doc["word_count"]
                by_hash[h] = article_id
                continue
        by_hash[h] = doc_id
        articles[doc_id] = {
            "published_date": doc["published_date"],
            "versions": 1,
            "word_count": doc["word_count"],
        }
        decisions[doc_id] = Decision(doc_id, "new", published_date=doc["published_date"])
    return decisions


def assemble(
    night: Mapping[str, pa.Table], stored: StoredKeys, run: RunInfo, near: NearMatcher | None = None
) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = defaultdict(list)
    files = night["files"].to_pylist()
    docs = {d["raw_file"]: d for d in night["docs"].to_pylist()}
    status: dict[str, tuple[str, str]] = {}

    # 1. byte-identical files: the first path (sorted) of each sha stands; the rest are duplicates
    first_path: dict[str, str] = {}
    unique_docs = []
    for f in sorted(files, key=lambda f: f["path"]):
        seen = stored.sha_paths.get(f["sha256"]) or first_path.get(f["sha256"])
        if seen is not None:
            status[f["path"]] = ("duplicate", f"same bytes as {seen}")
            doc = docs.get(f["path"])
            if doc is not None:
                rows["_file_dups"].append({"doc_id": doc["doc_id"], "raw_file": f["path"]})
            continue
        first_path[f["sha256"]] = f["path"]
        if f["path"] in docs:
            unique_docs.append(docs[f["path"]])

    # 2. articles: identical content, near-duplicates and new versions
    unique_docs.sort(key=_order)
    decisions = decide(unique_docs, stored, near or (lambda docs: {}))
    doc_article: dict[str, str] = {}
    for doc in unique_docs:
        decision = decisions[doc["doc_id"]]
        doc_article[doc["doc_id"]] = decision.article_id
        _article_rows(rows, doc, decision, stored, run)
        status[doc["raw_file"]] = (
            ("published", "")
            if decision.method in ("new", "version")
            else ("duplicate", decision.reason)
        )
    for dup in rows.pop("_file_dups", []):
        article_id = doc_article.get(dup["doc_id"])
        rows["duplicates"].append(
            {
                "doc_id": dup["doc_id"],
                "canonical_id": article_id,
                "method": "exact_file",
                "similarity": 1.0,
                "raw_file": dup["raw_file"],
                "run_id": run.run_id,
                "run_date": run.run_date,
            }
        )

    published_docs = {
        d["doc_id"]: d for d in unique_docs if status[d["raw_file"]][0] == "published"
    }
    _fact_rows(rows, night, published_docs, doc_article)
    _live_rows(rows, night, {d["doc_id"] for d in unique_docs}, doc_article, run)
    _site_rows(rows, night)
    _ledger_rows(rows, night, files, status, run)
    return rows


def _article_rows(rows, doc: dict, decision, stored: StoredKeys, run: RunInfo) -> None:
    article_id = decision.article_id
    if decision.method == "new":
        rows["articles"].append(_article(doc, article_id, run, versions=1))
        rows["article_versions"].append(_version(doc, article_id, 1, 0, run))
        return
    if decision.method == "version":
        base = decision.previous_word_count
        # complete row; the articles merge rule keeps the stored published_at and first run
        rows["articles"].append(
            _article(doc, article_id, run, versions=1, published=decision.published_date)
        )
        rows["article_versions"].append(
            _version(doc, article_id, decision.version, doc["word_count"] - base, run)
        )
    else:  # a duplicate: only the article's last sighting moves (a partial row, see TOUCHES)
        rows[TOUCHES].append(
            {
                "article_id": article_id,
                "published_date": decision.published_date,
                "last_seen_run": run.run_id,
                "versions": 0,
            }
        )
    rows["duplicates"].append(
        {
            "doc_id": doc["doc_id"],
            "canonical_id": article_id,
            "method": "near" if decision.method in ("near", "version") else "exact",
            "similarity": decision.similarity,
            "raw_file": doc["raw_file"],
            "run_id": run.run_id,
            "run_date": run.run_date,
        }
    )


def _article(
    doc: dict, article_id: str, run: RunInfo, versions: int, published: date | None = None
) -> dict:
    return {
        **{k: doc[k] for k in _ARTICLE_FIELDS},
        "article_id": article_id,
        "published_date": published or doc["published_date"],
        "versions": versions,
        "first_seen_run": run.run_id,
        "last_seen_run": run.run_id,
    }


_ARTICLE_FIELDS = (
    "source", "url", "headline", "authors", "published_at", "published_at_source", "modified_at",
    "capture_date", "tags", "body", "word_count", "image_caption", "image_credit", "language",
    "content_hash", "raw_file",
)  # fmt: skip


def _version(doc: dict, article_id: str, version: int, delta: int, run: RunInfo) -> dict:
    return {
        "article_id": article_id,
        "version": version,
        "capture_date": doc["capture_date"],
        "content_hash": doc["content_hash"],
        "word_count": doc["word_count"],
        "word_delta": delta,
        "doc_id": doc["doc_id"],
        "raw_file": doc["raw_file"],
        "run_id": run.run_id,
    }


def _fact_rows(rows, night, published: Mapping[str, dict], doc_article: Mapping[str, str]) -> None:
    """Quotes, entities and related cards of documents that published an article or version."""
    for kind, table, key in (
        ("quotes", "quotes", ("speaker", "quote")),
        ("entities", "entities", ("entity", "kind", "origin")),
        ("related", "related_links", ("headline",)),
    ):
        seen: set[tuple] = set()
        for r in night[kind].to_pylist():
            doc = published.get(r.pop("doc_id"))
            if doc is None:
                continue
            r["article_id"] = doc_article[doc["doc_id"]]
            r["published_date"] = doc["published_date"]
            k = (r["article_id"], *(r[c] for c in key))
            if k not in seen:  # a quote or name repeated on one page is one row
                seen.add(k)
                rows[table].append(r)


def _live_rows(rows, night, pages: set[str], doc_article, run: RunInfo) -> None:
    """One row per distinct feed item; times_seen counts distinct pages that showed it."""
    items = sorted(
        (r for r in night["live"].to_pylist() if r["doc_id"] in pages),
        key=lambda r: (r["published_at"] is None, r["published_at"] or datetime.max, r["raw_file"]),
    )
    grouped: dict[str, dict] = {}
    for r in items:
        row = grouped.get(r["update_id"])
        if row is None:
            grouped[r["update_id"]] = {
                k: r[k]
                for k in (
                    "update_id",
                    "source",
                    "published_at",
                    "published_date",
                    "time_text",
                    "headline",
                    "body",
                )
            } | {
                "first_seen_file": r["raw_file"],
                "times_seen": 1,
                "first_seen_run": run.run_id,
                "_pages": {r["doc_id"]},
            }
        elif r["doc_id"] not in row["_pages"]:
            row["_pages"].add(r["doc_id"])
            row["times_seen"] += 1
    for row in grouped.values():
        row.pop("_pages")
        rows["live_updates"].append(row)
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
    lines: dict[tuple, dict] = {}
    for r in night["chrome"].to_pylist():
        key = (r["source"], r["line_hash"])
        if key in lines:
            row = lines[key]
            row["pages_seen"] += 1
            row["first_seen"] = min(row["first_seen"], r["capture_date"])
            row["last_seen"] = max(row["last_seen"], r["capture_date"])
        else:
            lines[key] = {
                "source": r["source"],
                "line_hash": r["line_hash"],
                "line": r["line"],
                "pages_seen": 1,
                "first_seen": r["capture_date"],
                "last_seen": r["capture_date"],
            }
    rows["boilerplate_lines"].extend(lines.values())


def _ledger_rows(rows, night, files, status, run: RunInfo) -> None:
    """Every file of the night gets exactly one ledger row and, if rejected, a quarantine row."""
    sizes = {f["path"]: (f["size"], f["sha256"]) for f in files}
    for r in night["rejections"].to_pylist():
        sizes.setdefault(r["path"], (r.pop("size"), None))
        status[r["path"]] = ("quarantined", f"{r['stage']}: {r['reason']}")
        rows["quarantine"].append(r | {"run_id": run.run_id, "run_date": run.run_date})
    for path, (size, sha) in sorted(sizes.items()):
        state, reason = status.get(path, ("quarantined", "parse: no_article"))
        rows["raw_files"].append(
            {
                "path": path,
                "size": size,
                "sha256": sha,
                "first_seen_run": run.run_id,
                "status": state,
                "reason": reason or None,
                "run_date": run.run_date,
            }
        )
