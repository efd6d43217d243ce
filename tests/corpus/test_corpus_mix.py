"""The mix of kinds, and that each variant really is what its label says."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from random import Random

import pytest

from corpus.generate import SampleDump
from corpus.labels import KINDS

AUDIO = "This audio is created with AI assistance"


def paragraphs(text: str) -> list[str]:
    """The body paragraphs of a Kyiv Independent page."""
    body = text.split(AUDIO + "\n\n", 1)[1]
    body = re.split(r"\nThe Kyiv Independent(?=\S)", body, maxsplit=1)[0]  # the fused card line
    return body.split("\n\n")[:-1]  # the last block is the related card's headline and teaser


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[k : k + 5]) for k in range(len(words) - 4)}


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def test_every_kind_is_present_in_the_default_mix(dumps: list[SampleDump]) -> None:
    kinds = Counter(d.label.kind for d in dumps)
    assert set(kinds) == set(KINDS)
    n = len(dumps)
    assert 0.6 <= kinds["original"] / n <= 0.72
    assert 0.015 <= sum(v for k, v in kinds.items() if k.startswith("bad_")) / n <= 0.03
    assert 0.04 <= kinds["other_site"] / n <= 0.06
    assert len({d.label.capture_date for d in dumps if d.label.capture_date}) >= 30


def test_variants_point_back_to_an_earlier_original(by_name: dict[str, SampleDump]) -> None:
    derived = ("exact_copy", "live_variant", "edited", "added_paragraph", "trimmed", "reencoded")
    for d in by_name.values():
        if d.label.kind in derived:
            source = by_name[d.label.of]
            assert source.label.kind == "original" and source.name < d.name
            assert d.label.story_id == source.label.story_id
        elif d.label.kind.startswith("bad_"):
            assert d.label.story_id is None
        else:
            assert d.label.story_id and d.label.of is None or d.label.kind == "hard_negative"


def test_exact_copies_and_reencodings_hold_the_same_text(by_name: dict[str, SampleDump]) -> None:
    encodings = Counter()
    for d in by_name.values():
        source = by_name.get(d.label.of or "")
        if d.label.kind == "exact_copy":
            assert d.data == source.data
        elif d.label.kind == "reencoded":
            encodings[d.label.encoding] += 1
            if d.label.encoding == "cp1252":
                text = d.data.decode("cp1252").replace("\r\n", "\n")
                with pytest.raises(UnicodeDecodeError):
                    d.data.decode("utf-8")
            else:
                assert d.data.startswith(b"\xff\xfe")
                text = d.data.decode("utf-16")
            assert "“" in text and text == source.data.decode("utf-8")
    assert encodings["cp1252"] and encodings["utf-16"]


def test_recaptures_differ_only_where_their_kind_says(by_name: dict[str, SampleDump]) -> None:
    seen = Counter()
    for d in by_name.values():
        if d.label.kind not in ("live_variant", "edited", "added_paragraph", "trimmed"):
            continue
        seen[d.label.kind] += 1
        source = by_name[d.label.of]
        text, old = d.data.decode("utf-8"), source.data.decode("utf-8")
        if d.label.kind == "trimmed":
            assert not text.endswith("\n") and not text.endswith("\n\n")
            assert text.split("\n", 1)[1][:400] == old.split("\n", 1)[1][:400]
            continue
        new_p, old_p = paragraphs(text), paragraphs(old)
        if d.label.kind == "live_variant":
            assert new_p == old_p
            assert d.label.capture_date > source.label.capture_date
            assert d.label.live != source.label.live
        elif d.label.kind == "edited":
            assert len(new_p) == len(old_p)
            assert sum(a != b for a, b in zip(new_p, old_p, strict=True)) == 1
        else:
            assert len(new_p) == len(old_p) + 1 and set(old_p) < set(new_p)
    assert min(seen.values()) >= 5 and len(seen) == 4


def test_hard_negatives_are_near_but_distinct(by_name: dict[str, SampleDump]) -> None:
    count = 0
    for d in by_name.values():
        if d.label.kind != "hard_negative":
            continue
        twin = by_name[d.label.of]
        assert d.label.story_id != twin.label.story_id
        assert d.label.authors == twin.label.authors
        assert d.label.headline != twin.label.headline
        assert 0 <= (d.label.capture_date - twin.label.capture_date).days <= 6
        new_p, old_p = paragraphs(d.data.decode()), paragraphs(twin.data.decode())
        assert set(new_p) & set(old_p), "shares whole paragraphs"
        assert 0.1 < jaccard("\n".join(new_p), "\n".join(old_p)) < 0.6
        count += 1
    assert count >= 10


def test_bodies_of_distinct_stories_are_far_apart(ki) -> None:
    originals = [paragraphs(text) for _, text in ki("original")]
    rng = Random(0)
    scores = []
    for _ in range(400):
        a, b = rng.sample(originals, 2)
        scores.append(jaccard("\n".join(a), "\n".join(b)))
    assert statistics.median(scores) < 0.05 and max(scores) < 0.5


def test_bad_files_are_bad_in_the_stated_way(dumps: list[SampleDump]) -> None:
    bad = {d.label.kind: d for d in dumps if d.label.kind.startswith("bad_")}
    assert bad["bad_empty"].data == b""
    assert bad["bad_binary"].data.startswith(b"\x89PNG\r\n\x1a\n")
    for kind in ("bad_binary", "bad_undecodable", "bad_mixed"):
        with pytest.raises(UnicodeDecodeError):
            bad[kind].data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        bad["bad_undecodable"].data.decode("cp1252")
    assert bad["bad_undecodable"].data.startswith(b" date ")
    mixed = bad["bad_mixed"].data.decode("utf-8", "replace")
    assert "Edit post" in mixed and "\ufffd" in mixed
    truncated = bad["bad_truncated"].data.decode("utf-8")
    assert truncated.startswith(" date ") and "Edit post" not in truncated
    assert not truncated.endswith("\n")
