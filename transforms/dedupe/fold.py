"""Fold a night's documents into articles: exact and near duplicates, within the night and
against the stored index.

The decision is a pure function of the set of documents and candidates, never of their order
or batching:

1. Documents are ranked by (published_at, capture_date, doc_id), nulls last. Documents with
   the same content hash form one *version node*; its representative is its best-ranked doc.
2. Candidate pairs share a band hash: node-node within the night, node-article against the
   stored candidates. A pair becomes an edge when the estimated Jaccard similarity of the
   signatures is at least `min_similarity`; a content hash equal to a stored version's is an
   exact edge (similarity 1).
3. Edges are taken strongest first (ties broken by rank) into a union-find where a set may
   hold at most one stored article: an edge that would join two stored articles is skipped, so
   stored articles never merge and a new doc resembling two of them joins the closer one.
4. A set holding a stored article keeps that article's id: ids are stable across nights, even
   when a new doc would have ranked earlier (a late-arriving earlier capture becomes another
   version of the stored article; `published_at` stays the stored one under the articles merge
   rule). Otherwise the set's best-ranked doc is canonical and its doc_id is the article_id.

Connected components (rather than "similar to the canonical") let a chain of small edits
(v1 -> v2 -> v3) fold into one article even when v1 and v3 differ more than the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedupe.candidates import (
    band_keys_among,
    pairs_across,
    pairs_within,
    similarity,
)
from transforms.dedupe.config import NEWS, DedupeConfig
from transforms.dedupe.index import LSH_BANDS, LSH_SIGNATURES, article_keys, distinct_bands
from transforms.dedupe.inputs import Night, Stored, matrix, read_night, read_stored
from transforms.dedupe.sketch import band_hashes

TS = pa.timestamp("us", tz="UTC")
ASSIGNMENTS = pa.schema(
    [  # in rank order: published_at, capture_date, doc_id (nulls last)
        ("doc_id", pa.string()),
        ("article_id", pa.string()),
        ("method", pa.string()),  # canonical | exact | near
        ("similarity", pa.float64()),  # estimated Jaccard to the canonical text (1.0 exact)
        ("new_article", pa.bool_()),  # the article did not exist before this night
    ]
)
ARTICLE_ROWS = pa.schema(
    [
        ("article_id", pa.string()),
        ("doc_id", pa.string()),  # latest capture in the night: the article's current text
        ("canonical_doc_id", pa.string()),  # doc the article id came from (null if stored)
        ("published_at", TS),  # the canonical doc's: earliest in the night's cluster
        ("is_new", pa.bool_()),
        ("is_current", pa.bool_()),  # doc_id is at least as recent as every stored version
        ("docs", pa.int64()),  # the night's docs folded into this article
    ]
)
NEW_VERSIONS = pa.schema(
    [
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("doc_id", pa.string()),  # earliest capture (then smallest doc_id) with this content
        ("capture_date", pa.date32()),
        ("word_count", pa.int32()),
    ]
)


@dataclass(frozen=True)
class DedupeResult:
    """What one night's fold decided. Row order is a function of the input set alone."""

    assignments: pa.Table  # one row per input doc (ASSIGNMENTS)
    duplicates: pa.Table  # docs folded into another: doc_id, canonical_id, method, similarity
    articles: pa.Table  # one row per article the night touched (ARTICLE_ROWS)
    new_versions: pa.Table  # distinct contents new to their article (NEW_VERSIONS)
    index_bands: pa.Table  # rows to append to lsh_bands (LSH_BANDS)
    index_signatures: pa.Table  # rows to append to lsh_signatures (LSH_SIGNATURES)


class _Sets:
    """Union-find whose sets carry at most one stored-article label; a root is its set's min."""

    def __init__(self, labels: list[int | None]) -> None:
        self.parent = list(range(len(labels)))
        self.label = list(labels)

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        la, lb = self.label[ra], self.label[rb]
        if la is not None and lb is not None:
            return  # two stored articles never merge
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.label[ra] = la if la is not None else lb


def _edges(
    night: Night,
    rep: np.ndarray,
    node_sig: np.ndarray,
    stored: Stored,
    config: DedupeConfig,
    crowded: np.ndarray | None,
) -> np.ndarray:
    """(similarity, exact, a, b) edges between version nodes and stored article nodes."""
    n_nodes = len(rep)
    node_has = night.has_sig[rep]
    parts = []
    node_hash = pa.array([night.hashes[r] for r in rep.tolist()], pa.string())
    stored_art = stored.articles_of(node_hash)
    v = np.flatnonzero(node_has & (stored_art >= 0))  # a stored version's text: exact edge
    if len(v):
        parts.append(
            np.stack([np.ones(len(v)), np.ones(len(v)), v, n_nodes + stored_art[v]], axis=1)
        )
    live = np.flatnonzero(node_has)
    live_rows = night.row[rep[live]]
    if len(live) > 1:
        pairs = pairs_within(night.bands, live_rows, live, config)
        sims = similarity(node_sig, node_sig, pairs[:, 0], pairs[:, 1])
        ok = sims >= config.min_similarity
        parts.append(np.stack([sims[ok], np.zeros(ok.sum()), pairs[ok, 0], pairs[ok, 1]], axis=1))
    st_live = np.flatnonzero(stored.valid)
    if len(live) and len(st_live):
        keys = night.bands[live_rows].reshape(-1)  # small: nights are small
        owners = np.repeat(live, config.bands)
        st_keys, st_owners = band_keys_among(stored.sig, st_live, keys, config)
        pairs = pairs_across(keys, owners, st_keys, st_owners, config.max_bucket, crowded)
        sims = similarity(node_sig, stored.sig, pairs[:, 0], pairs[:, 1])
        ok = sims >= config.min_similarity  # before the best per (node, article): same best
        v, art, sims = pairs[ok, 0], stored.article[pairs[ok, 1]], sims[ok]
        # best similarity per (node, article)
        order = np.lexsort((-sims, art, v))
        v, art, sims = v[order], art[order], sims[order]
        first = np.ones(len(v), bool)
        first[1:] = (v[1:] != v[:-1]) | (art[1:] != art[:-1])
        parts.append(
            np.stack([sims[first], np.zeros(first.sum()), v[first], n_nodes + art[first]], axis=1)
        )
    if not parts:
        return np.zeros((0, 4))
    edges = np.concatenate(parts)
    return edges[np.lexsort((edges[:, 3], edges[:, 2], -edges[:, 1], -edges[:, 0]))]


def fold(
    new: pa.Table,
    stored_candidates: pa.Table | None = None,
    config: DedupeConfig = NEWS,
    crowded: np.ndarray | None = None,
) -> DedupeResult:
    """Fold the night's docs into articles, against the stored candidates.

    `new` is `signatures` output with `published_at` and `capture_date` (the flow passes them
    through `signatures`). `stored_candidates` are `lsh_signatures` rows of every article
    sharing a band hash with the night (extra columns such as band or band_hash are ignored
    and repeated rows collapse). `crowded`: band hashes to pass over as over-full buckets,
    for candidates the caller narrowed (`narrow`) from a larger set where they were.
    """
    n = new.num_rows
    if len(pc.unique(new.column("doc_id"))) != n:
        raise ValueError("doc_id must be unique within a night")
    night = read_night(new)
    stored = read_stored(stored_candidates, config)

    # Version nodes: docs sharing a content hash (docs without shingles stand alone), numbered
    # in rank order, so a node's first doc is its representative and node order is rank order.
    node_key = pa.array(
        [
            h if ok and h is not None else "\0" + d
            for h, d, ok in zip(night.hashes, night.doc_ids, night.has_sig, strict=True)
        ],
        pa.string(),
    ).dictionary_encode()
    doc_node = node_key.indices.to_numpy().astype(np.int64)
    n_nodes = len(node_key.dictionary)
    rep = np.full(n_nodes, -1, np.int64)
    rep[doc_node[::-1]] = np.arange(n)[::-1]

    sig, _ = matrix(new.column("signature"), np.uint32)
    node_sig = sig[night.row[rep]]  # one signature per distinct content, in node order
    del sig
    edges = _edges(night, rep, node_sig, stored, config, crowded)
    n_articles = len(stored.articles)
    sets = _Sets([None] * n_nodes + list(range(n_articles)))
    for a, b in edges[:, 2:].astype(np.int64).tolist():
        sets.union(a, b)
    roots = np.arange(n_nodes + n_articles)
    for v in np.unique(edges[:, 2:].astype(np.int64)).tolist():
        roots[v] = sets.find(v)
    label = np.array([-1 if x is None else x for x in sets.label], np.int64)[roots[:n_nodes]]
    root = roots[:n_nodes]
    canon = np.full(n_nodes + n_articles, n_nodes, np.int64)
    np.minimum.at(canon, root, np.arange(n_nodes))
    node_canon = canon[root]  # best-ranked node of each set (for sets without a stored article)
    labelled = label >= 0

    # Article and similarity of every node.
    articles = np.array(stored.articles + [""], dtype=object)
    node_article = np.where(labelled, articles[label], night.doc_ids[rep[node_canon]])
    node_has = night.has_sig[rep]
    node_exact = ~labelled & (node_canon == np.arange(n_nodes))
    node_sim = np.ones(n_nodes)
    near = np.flatnonzero(~labelled & ~node_exact & node_has)
    node_sim[near] = similarity(node_sig, node_sig, near, node_canon[near])
    rows_of: dict[int, np.ndarray] = {}
    for v in np.flatnonzero(labelled).tolist():
        art = int(label[v])
        if node_has[v] and night.hashes[rep[v]] in stored.versions.get(art, ()):
            node_exact[v] = True
            continue
        if art not in rows_of:
            rows_of[art] = np.flatnonzero((stored.article == art) & stored.valid)
        rows = rows_of[art]
        hit = (stored.sig[rows] == node_sig[v]).mean(axis=1) if node_has[v] and len(rows) else []
        node_sim[v] = float(np.max(hit)) if len(hit) else 0.0

    # Every doc: its article, method and similarity.
    first_of_node = rep[doc_node] == np.arange(n)
    is_canonical = first_of_node & node_exact[doc_node] & ~labelled[doc_node]
    exact_doc = node_exact[doc_node]
    method = np.where(is_canonical, "canonical", np.where(exact_doc, "exact", "near"))
    doc_article = node_article[doc_node]
    new_article = ~labelled[doc_node]
    assignments = pa.table(
        {
            "doc_id": night.doc_ids,
            "article_id": doc_article,
            "method": method,
            "similarity": np.where(exact_doc, 1.0, node_sim[doc_node]),
            "new_article": new_article,
        },
        schema=ASSIGNMENTS,
    )
    folded = assignments.filter(pa.array(~is_canonical))
    duplicates = pa.table(
        {
            "doc_id": folded.column("doc_id"),
            "canonical_id": folded.column("article_id"),
            "method": folded.column("method"),
            "similarity": folded.column("similarity"),
        }
    )

    # Versions: contents new to their article, each first carried by its earliest capture.
    by_capture = np.lexsort((night.id_rank, night.capture))
    nodes_in_capture_order = doc_node[by_capture]
    _, first = np.unique(nodes_in_capture_order, return_index=True)
    version_doc = by_capture[first]  # per node, in node order
    keep = ~(labelled & node_exact)  # a copy of a stored version is no new version
    vdocs = version_doc[keep]
    new_versions = pa.table(
        {
            "article_id": node_article[keep],
            "content_hash": pa.array([night.hashes[i] for i in vdocs.tolist()], pa.string()),
            "doc_id": night.doc_ids[vdocs],
            "capture_date": night.captures.take(vdocs),
            "word_count": night.words.take(vdocs),
        },
        schema=NEW_VERSIONS,
    )

    # Articles touched: the current text is the night's latest capture (a doc that brought a
    # new text wins a same-day tie), current for a stored article only if not older than it.
    comp = root[doc_node]
    carries = np.zeros(n, np.int64)
    carries[vdocs] = 1
    order = np.lexsort((night.id_rank, carries, night.capture, comp))
    comp_sorted = comp[order]
    last = np.flatnonzero(np.append(comp_sorted[1:] != comp_sorted[:-1], n > 0))
    starts = np.append(0, last[:-1] + 1)
    latest = order[last]
    group_node = doc_node[latest]
    is_new = ~labelled[group_node]
    current = is_new.copy()
    for g in np.flatnonzero(~is_new).tolist():
        known = stored.latest.get(int(label[group_node[g]]))
        captured = night.captures[int(latest[g])].as_py()
        current[g] = known is None or (captured is not None and captured >= known)
    canon_doc = rep[node_canon[group_node]]
    articles_out = pa.table(
        {
            "article_id": node_article[group_node],
            "doc_id": night.doc_ids[latest],
            "canonical_doc_id": np.where(is_new, night.doc_ids[canon_doc], None),
            "published_at": pc.if_else(
                pa.array(is_new), night.published.take(canon_doc), pa.scalar(None, TS)
            ),
            "is_new": is_new,
            "is_current": current,
            "docs": last - starts + 1,
        },
        schema=ARTICLE_ROWS,
    )

    # Index rows for the new versions; band hashes an article already has are not repeated.
    with_sig = vdocs[night.has_sig[vdocs]]
    vcodes = root[doc_node[with_sig]]
    version_article = pa.array(node_article[doc_node[with_sig]], pa.string())
    index_signatures = pa.table(
        {
            "article_id": version_article,
            "article_key": article_keys(version_article),
            "content_hash": pa.array([night.hashes[i] for i in with_sig.tolist()], pa.string()),
            "doc_id": night.doc_ids[with_sig],
            "capture_date": night.captures.take(with_sig),
            "signature": pa.FixedSizeListArray.from_arrays(
                pa.array(node_sig[doc_node[with_sig]].reshape(-1)), config.num_perm
            ),
            "sketch": pa.array([config.sketch_id] * len(with_sig), pa.string()),
        },
        schema=LSH_SIGNATURES,
    )
    st_rows = np.flatnonzero(stored.valid & np.isin(stored.article, label[labelled]))
    st_codes = roots[n_nodes + stored.article[st_rows]]
    band, band_hash, code = distinct_bands(
        night.bands,
        vcodes,
        band_hashes(stored.sig[st_rows], config),
        st_codes,
        rows=night.row[with_sig],
    )
    owners, where = np.unique(vcodes, return_index=True)
    owner_names = pa.array(node_article[doc_node[with_sig[where]]], pa.string())
    owner_row = np.zeros(n_nodes + n_articles, np.int64)
    owner_row[owners] = np.arange(len(owners))
    index_bands = pa.table(
        {
            "band": pa.array(band, pa.int16()),
            "band_hash": pa.array(band_hash, pa.int64()),
            "article_key": article_keys(owner_names).take(owner_row[code]),
        },
        schema=LSH_BANDS,
    )
    return DedupeResult(
        assignments=assignments,
        duplicates=duplicates,
        articles=articles_out,
        new_versions=new_versions,
        index_bands=index_bands,
        index_signatures=index_signatures,
    )
