"""merge() against a plain-Python fold of the same rows, on random tables with repeated keys."""

import tempfile
from datetime import UTC, datetime

import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from warehouse.merge import merge
from warehouse.schemas import TABLES
from warehouse.storage import Store
from warehouse.tables import read_files, write_new_rows, write_table

SPEC = TABLES["live_updates"]  # rules: sum, first, last; nullable columns
WHEN = datetime(2024, 3, 11, 7, 7, tzinfo=UTC)


def row(update_id: str, seen: int | None, file: str | None, headline: str | None) -> dict:
    return {
        "update_id": update_id,
        "source": "s",
        "published_at": WHEN,
        "published_date": WHEN.date(),
        "time_text": "9:07 AM",
        "headline": headline,
        "body": "b",
        "first_seen_file": file,
        "times_seen": seen,
        "first_seen_run": "r1",
    }


def reference(stored: list[dict], night: list[dict]) -> list[tuple]:
    """Per key, in arrival order (stored first): sum times_seen, first non-null
    first_seen_file, last non-null headline."""
    out: dict[str, dict] = {}
    for r in stored + night:
        acc = out.setdefault(r["update_id"], {"seen": None, "file": None, "headline": None})
        if r["times_seen"] is not None:
            acc["seen"] = (acc["seen"] or 0) + r["times_seen"]
        if acc["file"] is None:
            acc["file"] = r["first_seen_file"]
        if r["headline"] is not None:
            acc["headline"] = r["headline"]
    return [(k, v["seen"], v["file"], v["headline"]) for k, v in sorted(out.items())]


ids = st.sampled_from(["a", "b", "c", "d", "e", "f"])
values = st.tuples(
    ids,
    st.one_of(st.none(), st.integers(0, 5)),
    st.one_of(st.none(), st.sampled_from(["x.txt", "y.txt"])),
    st.one_of(st.none(), st.sampled_from(["h1", "h2", "h3"])),
)


@settings(max_examples=60, deadline=None)
@given(stored_ids=st.sets(ids), night=st.lists(values, max_size=12), data=st.data())
def test_merge_matches_a_plain_fold(stored_ids, night, data):
    # a stored key lives in exactly one row; the night may repeat keys
    stored = [row(i, *data.draw(values)[1:]) for i in sorted(stored_ids)]
    night_rows = [row(*v) for v in night]
    out = merge(
        SPEC,
        pa.Table.from_pylist(stored, schema=SPEC.schema),
        pa.Table.from_pylist(night_rows, schema=SPEC.schema),
    )
    got = [
        (r["update_id"], r["times_seen"], r["first_seen_file"], r["headline"])
        for r in out.sort_by("update_id").to_pylist()
    ]
    assert got == reference(stored, night_rows)


def test_rows_with_unique_keys_pass_through_untouched():
    stored = pa.Table.from_pylist([row("a", 1, "x.txt", "h1")], schema=SPEC.schema)
    night = pa.Table.from_pylist(
        [row("c", 2, None, "h2"), row("b", None, "y.txt", None)], schema=SPEC.schema
    )
    out = merge(SPEC, stored, night).sort_by("update_id")
    assert out.schema == SPEC.schema
    assert out.column("update_id").to_pylist() == ["a", "b", "c"]
    assert out.column("times_seen").to_pylist() == [1, None, 2]


@settings(max_examples=40, deadline=None)
@given(chunks=st.lists(st.lists(values, max_size=6), min_size=1, max_size=4))
@example(  # a later chunk puts back the stored value after an earlier one changed it
    chunks=[[("a", None, None, "h2")], [("a", None, None, "h1")], [("a", None, None, "h2")]]
)
def test_changes_held_to_the_end_give_the_table_of_writing_each_chunk(chunks):
    """A many-chunk night holds the rows that would rewrite stored files and writes them
    once after its last chunk (flows/held.py): the rules are associative, so the table is the
    one of writing every chunk as it comes."""
    nights = [pa.Table.from_pylist([row(*v) for v in c], schema=SPEC.schema) for c in chunks]
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        each, at_end = Store.open(one), Store.open(two)
        live_each: tuple[str, ...] = ()
        live_end: tuple[str, ...] = ()
        held = []
        for i, night in enumerate(nights):
            live_each = write_table(each, SPEC.name, live_each, night, f"c{i}")
            live_end, later = write_new_rows(at_end, SPEC.name, live_end, night, f"c{i}")
            held.append(later)
        live_end = write_table(at_end, SPEC.name, live_end, pa.concat_tables(held), "end")

        def rows(store: Store, live: tuple[str, ...]) -> list[dict]:
            return read_files(store, SPEC, live).sort_by("update_id").to_pylist()

        assert rows(at_end, live_end) == rows(each, live_each)
