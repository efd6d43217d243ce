"""The vectorised candidate steps of `fold` against plain-Python references of their rules."""

from collections import defaultdict
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pytest

from transforms.dedupe import NEWS
from transforms.dedupe import candidates as cand
from transforms.dedupe.inputs import read_stored
from transforms.dedupe.sketch import band_hashes, signature_type

SEEDS = range(6)


def reference_read_stored(table: pa.Table) -> dict:
    """The rules, row by row: the first row of each (article, hash) wins; rows keep their
    input order; labels index the sorted article ids; latest capture over all rows; a hash belongs to the
    smallest article id holding it."""
    first: dict[tuple[str, str], int] = {}
    latest: dict[str, date] = {}
    rows = table.to_pylist()
    for i, row in enumerate(rows):
        first.setdefault((row["article_id"], row["content_hash"]), i)
        d = row["capture_date"]
        if d is not None and (row["article_id"] not in latest or d > latest[row["article_id"]]):
            latest[row["article_id"]] = d
    keys = sorted(first, key=first.__getitem__)
    articles = sorted({a for a, _ in keys})
    label = {a: i for i, a in enumerate(articles)}
    versions: dict[int, set[str]] = defaultdict(set)
    by_hash: dict[str, int] = {}
    for a, h in keys:
        versions[label[a]].add(h)
        by_hash[h] = min(by_hash.get(h, label[a]), label[a])
    sigs = [rows[first[k]]["signature"] for k in keys]
    return {
        "articles": articles,
        "article": [label[a] for a, _ in keys],
        "sig": [s if s is not None else [0] * NEWS.num_perm for s in sigs],
        "valid": [s is not None for s in sigs],
        "versions": dict(versions),
        "latest": {label[a]: d for a, d in latest.items()},
        "by_hash": by_hash,
    }


def random_candidates(seed: int, rows: int = 300) -> pa.Table:
    """Stored rows with repeats per (article, hash) that differ in signature and date, hashes
    shared between articles, null dates and signatures, in shuffled order and two chunks."""
    rng = np.random.default_rng(seed)
    n_articles = int(rng.integers(1, 40))
    article = rng.integers(0, n_articles, rows)
    hashes = rng.integers(0, max(2, rows // 3), rows)  # few hashes: shared and repeated
    sig = rng.integers(0, 5, (rows, NEWS.num_perm)).astype(np.uint32)
    no_sig = rng.random(rows) < 0.1
    days = rng.integers(0, 30, rows)
    no_day = rng.random(rows) < 0.2
    table = pa.table(
        {
            "article_id": [f"a{a:03d}" for a in article],
            "content_hash": [f"h{h:04d}" for h in hashes],
            "doc_id": [f"d{i}" for i in range(rows)],
            "capture_date": [
                None if no else date(2024, 1, 1) + timedelta(days=int(d))
                for d, no in zip(days, no_day, strict=True)
            ],
            "signature": pa.array(
                [None if no else s.tolist() for s, no in zip(sig, no_sig, strict=True)],
                pa.list_(pa.uint32()),  # as DuckDB returns it
            ),
            "sketch": [NEWS.sketch_id] * rows,
        }
    )
    half = rows // 2
    return pa.concat_tables([table.slice(0, half), table.slice(half)])


@pytest.mark.parametrize("seed", SEEDS)
def test_read_stored_matches_the_row_by_row_rules(seed):
    table = random_candidates(seed)
    got, want = read_stored(table, NEWS), reference_read_stored(table)
    assert got.articles == want["articles"]
    assert got.article.tolist() == want["article"]
    assert got.sig.tolist() == want["sig"]
    assert got.valid.tolist() == want["valid"]
    assert dict(got.versions) == want["versions"]
    assert dict(got.latest) == want["latest"]
    by_hash = dict(zip(got.hashes.to_pylist(), got.hash_article.tolist(), strict=True))
    assert by_hash == want["by_hash"]
    probe = list(want["by_hash"]) + ["missing", None]
    expected = [want["by_hash"].get(h, -1) if h else -1 for h in probe]
    assert got.articles_of(pa.array(probe, pa.string())).tolist() == expected


def test_read_stored_of_nothing_is_empty():
    for table in (None, pa.table({"article_id": pa.array([], pa.string())}).slice(0, 0)):
        stored = read_stored(table, NEWS)
        assert stored.articles == [] and len(stored.article) == 0 and len(stored.sig) == 0
        assert dict(stored.versions) == {} and dict(stored.latest) == {}
        assert stored.articles_of(pa.array(["h"], pa.string())).tolist() == [-1]


def test_read_stored_rejects_another_sketch():
    table = random_candidates(0, rows=4)
    table = table.set_column(5, "sketch", pa.array(["other"] * 4))
    with pytest.raises(ValueError, match="other"):
        read_stored(table, NEWS)


def reference_pairs_across(new_keys, new_owner, old_keys, old_owner, max_bucket):
    """Distinct (new, old) owners sharing a key held by at most max_bucket old rows."""
    rows: dict[int, list[int]] = defaultdict(list)
    for k, o in zip(old_keys.tolist(), old_owner.tolist(), strict=True):
        rows[k].append(o)
    pairs = {
        (n, o)
        for k, n in zip(new_keys.tolist(), new_owner.tolist(), strict=True)
        if len(rows.get(k, ())) <= max_bucket
        for o in rows.get(k, ())
    }
    return sorted(pairs)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("max_bucket", [1, 2, 3, 5, 50])
def test_pairs_across_matches_the_reference(seed, max_bucket):
    rng = np.random.default_rng(seed)
    alphabet = rng.integers(-(2**63), 2**63 - 1, 40)  # mixed 64-bit keys, negative ones too
    sizes = np.concatenate([[1], rng.integers(1, 8, 37), [60, 70]])  # rows per key
    old_keys = rng.permutation(np.repeat(alphabet, sizes))
    old_owner = rng.integers(0, 120, len(old_keys))  # an owner may hold a key twice: 2 rows
    new_keys = np.concatenate([alphabet, alphabet[rng.integers(0, 40, 60)], np.arange(9)])
    new_owner = rng.integers(0, 30, len(new_keys))
    got = cand.pairs_across(new_keys, new_owner, old_keys, old_owner, max_bucket)
    want = reference_pairs_across(new_keys, new_owner, old_keys, old_owner, max_bucket)
    assert [tuple(p) for p in got.tolist()] == want
    assert (sizes > max_bucket).any()  # every case passes over some bucket ...
    assert len(want) > 0  # ... and keeps others


def test_pairs_across_bucket_size_counts_rows_at_the_boundary():
    old_keys = np.array([5, 5, 5, 8], np.int64)
    old_owner = np.array([0, 1, 1, 2])  # owner 1 holds key 5 twice: three rows
    new_keys, new_owner = np.array([5, 8]), np.array([0, 1])
    assert cand.pairs_across(new_keys, new_owner, old_keys, old_owner, 3).tolist() == [
        [0, 0],
        [0, 1],
        [1, 2],
    ]
    assert cand.pairs_across(new_keys, new_owner, old_keys, old_owner, 2).tolist() == [[1, 2]]


def test_pairs_across_of_nothing():
    empty = np.zeros(0, np.int64)
    some = np.array([1, 2], np.int64)
    for args in (
        (empty, empty, some, some),
        (some, some, empty, empty),
        (some, some, some + 9, some),
    ):
        assert cand.pairs_across(*args, max_bucket=3).shape == (0, 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_band_keys_among_keeps_every_wanted_band_hash(seed, monkeypatch):
    monkeypatch.setattr(cand, "BAND_CHUNK", 7)  # several chunks, a short last one
    rng = np.random.default_rng(seed)
    sig = rng.integers(0, 3, (40, NEWS.num_perm)).astype(np.uint32)  # few values: shared bands
    every = band_hashes(sig, NEWS)
    wanted = every[rng.integers(0, 40, 5)].reshape(-1)[::3]
    for rows in (np.arange(40), np.flatnonzero(rng.random(40) < 0.6)):
        keys, owners = cand.band_keys_among(sig, rows, wanted, NEWS)
        assert {(k, o) for k, o in zip(keys.tolist(), owners.tolist(), strict=True)} >= {
            (k, r) for r in rows.tolist() for k in every[r].tolist() if k in set(wanted.tolist())
        }
        assert all(k in every[o] for k, o in zip(keys.tolist(), owners.tolist(), strict=True))
        full_keys = every[rows].reshape(-1)
        full_owner = np.repeat(rows, NEWS.bands)
        new_owner = np.arange(len(wanted)) // 4
        for max_bucket in (1, 3, 50):
            assert (
                cand.pairs_across(wanted, new_owner, keys, owners, max_bucket).tolist()
                == cand.pairs_across(wanted, new_owner, full_keys, full_owner, max_bucket).tolist()
            )


def test_key_filter_passes_every_member():
    rng = np.random.default_rng(3)
    members = rng.integers(-(2**63), 2**63 - 1, 5000)
    others = rng.integers(-(2**63), 2**63 - 1, 50000)
    keep = cand.KeyFilter(members)
    assert keep.may_hold(members).all()
    assert keep.may_hold(others).mean() < 0.2  # most others are told apart
    assert keep.may_hold(members.astype(np.uint64)).all()  # unsigned keys read the same


@pytest.mark.parametrize("members", [5000, 1, 0])
def test_key_index_finds_what_a_binary_search_finds(members):
    rng = np.random.default_rng(5)
    distinct = np.unique(rng.integers(-(2**63), 2**63 - 1, members))
    if members > 1:  # members sharing low bits: the slots that fall back to a search
        distinct = np.unique(np.append(distinct, distinct[:50] ^ (1 << 40)))
    others = rng.integers(-(2**63), 2**63 - 1, 20000)
    keys = np.concatenate([others, distinct, distinct[::3] ^ (1 << 40)])
    index = cand.KeyIndex(distinct)
    assert (index.table == -2).any() == (members > 1)
    pos = np.minimum(np.searchsorted(distinct, keys), max(len(distinct) - 1, 0))
    expected = np.where(distinct[pos] == keys, pos, -1) if len(distinct) else np.full(len(keys), -1)
    assert index.find(keys).tolist() == expected.tolist()
    assert index.find(distinct).tolist() == list(range(len(distinct)))
    assert index.may_hold(distinct).all()  # it filters as a KeyFilter does
    assert index.may_hold(others).mean() < 0.2


def test_similarity_and_sorted_unique_match_numpy():
    rng = np.random.default_rng(4)
    a = rng.integers(0, 3, (50, NEWS.num_perm)).astype(np.uint32)
    b = rng.integers(0, 3, (70, NEWS.num_perm)).astype(np.uint32)
    ia, ib = rng.integers(0, 50, 9000), rng.integers(0, 70, 9000)
    assert cand.similarity(a, b, ia, ib).tolist() == (a[ia] == b[ib]).mean(axis=1).tolist()
    values = rng.integers(-5, 5, 1000)
    assert cand.sorted_unique(values).tolist() == np.unique(values).tolist()
    assert cand.sorted_unique(values[:0]).tolist() == []


def test_signature_type_of_random_candidates_is_cast():
    stored = read_stored(random_candidates(1, rows=10), NEWS)
    assert stored.sig.dtype == np.uint32 and stored.sig.shape[1] == NEWS.num_perm
    assert signature_type(NEWS).list_size == NEWS.num_perm
