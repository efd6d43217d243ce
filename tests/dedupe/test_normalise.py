import pyarrow as pa
import xxhash

from transforms.dedupe import content_hash, content_hashes, live_item_id, live_updates, normalise


def test_content_hash_is_xxh128_of_normalised_text():
    assert content_hash("a  b\n\nc") == xxhash.xxh3_128_hexdigest(b"a b c")


def test_whitespace_and_compatibility_forms_fold():
    base = content_hash("The ﬁrst report, 424,060 troops")
    assert content_hash("  The\u00a0first  report,\n424,060\ttroops ") == base
    assert normalise("x\u2009y") == "x y"


def test_case_and_punctuation_are_kept():
    assert content_hash("Kyiv said") != content_hash("kyiv said")
    assert content_hash("Kyiv said.") != content_hash("Kyiv said")


def test_vectorised_hashes_match_scalar_and_keep_nulls():
    bodies = ["one  two", None, "", "three"]
    hashes = content_hashes(pa.array(bodies)).to_pylist()
    assert hashes == [content_hash("one two"), None, content_hash(""), content_hash("three")]


def test_live_items_differing_in_a_figure_get_different_ids():
    head = "Russia has lost 424,060 troops in Ukraine since Feb. 24, 2022"
    body = "This number includes 900 casualties Russian forces suffered over the past day."
    other = live_item_id(head.replace("424,060", "424,960"), body)
    assert live_item_id(head, body) != other
    assert live_item_id(head, body) != live_item_id(head, body.replace("900", "910"))
    assert live_item_id(head, body) == live_item_id(head + " ", body.replace(" ", "  "))
    assert live_item_id("a b", "c") != live_item_id("a", "b c")


def test_same_live_item_on_many_pages_counted_once_per_page():
    items = pa.table(
        {
            "headline": ["Losses", "Losses", "Losses", "Losses"],
            "body": ["900 in a day", "900 in a day", "900 in a day", "910 in a day"],
            "raw_file": ["b.txt", "a.txt", "a.txt", "c.txt"],
            "published_at": pa.array([2, 1, 1, 3], pa.int64()),
        }
    )
    out = live_updates(items).sort_by("first_seen_file")
    assert out.column("first_seen_file").to_pylist() == ["a.txt", "c.txt"]
    assert out.column("times_seen").to_pylist() == [2, 1]
    assert len(set(out.column("update_id").to_pylist())) == 2
