"""The sample corpus: a deterministic stream of raw page dumps with ground-truth labels.

Every dump is a pure function of (n, seed, index), so the stream keeps no memory of what it
has yielded: a re-capture of story j re-draws article j (bounded LRU caches make that cheap;
resident memory stays under ~100 MB for any n). Indices are laid out in capture-date order
over `n_days` days (at least 30, at most ~600 dumps a day, inside the loss series' range; the
default 500 cover 2024-02-20..2024-03-20, around the seed's 2024-03-11; a million span
2022-02-27..2026-08-09) and in blocks of 100 with a fixed mix:

  66 original, 3 hard_negative, 6 exact_copy, 7 live_variant, 4 edited, 3 added_paragraph,
  2 trimmed, 2 reencoded, 5 other_site (the three other sites in turn), 2 bad (empty, binary,
  undecodable, mixed, truncated in turn)

A re-capture's source is an original from the previous 3-7 days (mostly the latest ones); a
variant that finds none (the first days of the range) becomes an original. An exact copy or
re-encoding keeps its source's header date (`Label.capture_date` is always the header's date);
the other re-captures are dated on their own day and so show that day's live feed. Related-
article cards point to the first stories of the previous three days. Page shapes per site are
documented in `corpus.pages`; label fields in `corpus.labels`.
File names are `NNNNNN_<16 hex>.txt`: the index, then a hash of (seed, index).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from random import Random

from corpus import losses, pages, variants
from corpus.feed import FeedItem, day_feed, feed_for_page
from corpus.formats import clock24, day_month, day_month_year
from corpus.labels import Label, LiveTruth, SampleDump
from corpus.text import Article, Draw, Head, Voice, build_article, build_head, teaser
from corpus.vocab import AUTHORS_BALTIC, AUTHORS_BSM, AUTHORS_DNIPRO

__all__ = ["CorpusPlan", "Label", "SampleDump", "iter_dumps", "iter_labels", "write_corpus"]

BLOCK = 100
MIX: tuple[tuple[str, int], ...] = (
    ("original", 66),
    ("hard_negative", 3),
    ("exact_copy", 6),
    ("live_variant", 7),
    ("edited", 4),
    ("added_paragraph", 3),
    ("trimmed", 2),
    ("reencoded", 2),
    ("other_site", 5),
    ("bad", 2),
)
BAD_KINDS = ("bad_empty", "bad_binary", "bad_undecodable", "bad_mixed", "bad_truncated")
MIN_DAYS = 30
MAX_PER_DAY = 600
FEATURED_PER_DAY = 8
ANCHOR = date(2024, 2, 20)  # the default 30 days cover the seed's 2024-03-11

# How far back (days) a variant looks for its source, and whether the source must be older.
_SOURCE_RULES: dict[str, tuple[int, bool]] = {
    "hard_negative": (6, False),
    "exact_copy": (3, False),
    "live_variant": (7, True),
    "edited": (7, False),
    "added_paragraph": (7, False),
    "trimmed": (7, False),
    "reencoded": (3, False),
    "bad_mixed": (3, False),
}
_VOICES = {
    pages.DNIPRO: Voice("the Dnipro Ledger", day_month, day_month_year, True, True),
    pages.BALTIC: Voice("Baltic Wire", straight_quotes=True),
    pages.BSM: Voice("Black Sea Monitor"),
}
_STAFF = {pages.DNIPRO: AUTHORS_DNIPRO, pages.BALTIC: AUTHORS_BALTIC, pages.BSM: AUTHORS_BSM}
# Salts that keep each random stream of an index independent.
_ARTICLE, _CARD, _FEED, _VARIANT, _OTHER, _SOURCE = range(6)


class CorpusPlan:
    """Which kind each index is, its capture day, its source; and the drawing of each dump."""

    def __init__(self, n: int, seed: int = 0) -> None:
        if n < 0:
            raise ValueError("n must be >= 0")
        self.n, self.seed = n, seed
        first = losses.first_date() + timedelta(days=2)  # D-1 and D-2 must be in the series
        last = losses.last_date() + timedelta(days=1)
        span = (last - first).days + 1
        self.n_days = min(span, max(MIN_DAYS, -(-n // MAX_PER_DAY)))
        start = ANCHOR - timedelta(days=(self.n_days - MIN_DAYS) // 2)
        start = min(start, last - timedelta(days=self.n_days - 1))
        self.start = max(start, first)
        self._seed_bits = (seed & 0xFFFFFFFFFFFF) << 44
        self.head = lru_cache(maxsize=4096)(self._head)
        self.article = lru_cache(maxsize=4096)(self._article)
        self.ki_page = lru_cache(maxsize=2048)(self._ki_page)
        self.resolve = lru_cache(maxsize=8192)(self._resolve)
        self._blocks = lru_cache(maxsize=256)(self._block)
        self.featured = lru_cache(maxsize=64)(self._featured)

    # -- layout ---------------------------------------------------------------------------
    def rng(self, i: int, salt: int) -> Random:
        return Random(self._seed_bits | (i << 4) | salt)

    def day_index(self, i: int) -> int:
        return i * self.n_days // self.n

    def day(self, i: int) -> date:
        return self.start + timedelta(days=self.day_index(i))

    def first_index(self, day_index: int) -> int:
        """The first index captured on day `day_index` (days before the start clamp to 0)."""
        return 0 if day_index <= 0 else -(-day_index * self.n // self.n_days)

    def name(self, i: int) -> str:
        digest = hashlib.blake2b(f"{self.seed}/{i}".encode(), digest_size=8).hexdigest()
        return f"{i:06d}_{digest}.txt"

    def _block(self, b: int) -> tuple[tuple[str, str], ...]:
        kinds = [kind for kind, count in MIX for _ in range(count)]
        Random(f"block/{self.seed}/{b}").shuffle(kinds)
        out, seen = [], {"bad": 0, "other_site": 0, "reencoded": 0}
        for kind in kinds:
            param = ""
            if kind in seen:
                k = seen[kind]
                seen[kind] += 1
                if kind == "bad":
                    kind = BAD_KINDS[(b * 2 + k) % len(BAD_KINDS)]
                elif kind == "other_site":
                    param = pages.OTHER_SITES[(b * 5 + k) % len(pages.OTHER_SITES)]
                else:
                    param = ("cp1252", "utf-16")[(b + k) % 2]
            out.append((kind, param))
        return tuple(out)

    def planned(self, i: int) -> tuple[str, str]:
        """The kind the mix assigns to index i (before falling back for want of a source)."""
        return self._blocks(i // BLOCK)[i % BLOCK]

    def _resolve(self, i: int) -> tuple[str, str, int | None]:
        """(kind, param, source index) after looking for a source."""
        kind, param = self.planned(i)
        rule = _SOURCE_RULES.get(kind)
        if rule is None:
            return kind, param, None
        back, older = rule
        d = self.day_index(i)
        lo, hi = self.first_index(d - back), (self.first_index(d) if older else i)
        rng = self.rng(i, _SOURCE)
        for _ in range(24 if hi > lo else 0):
            r = rng.random()
            j = hi - 1 - int(r * r * (hi - lo))  # re-captures are mostly of recent pages
            if self.planned(j)[0] == "original":
                return kind, param, j
        return "original", "", None

    def story_id(self, i: int) -> str:
        return f"story-{self.seed}-{i:06d}"

    # -- drawing ----------------------------------------------------------------------------
    def _head(self, j: int) -> Head:
        return (
            self.article(j).head
            if self.resolve(j)[0] == "hard_negative"
            else build_head(self.rng(j, _ARTICLE), j, self.day(j))
        )

    def _article(self, j: int) -> Article:
        kind, _, src = self.resolve(j)
        rng = self.rng(j, _ARTICLE)
        if kind != "hard_negative" or src is None:
            return build_article(rng, build_head(rng, j, self.day(j)))
        source = self.article(src)
        head = build_head(rng, j, self.day(j), like=source.head)
        body = [p for p in source.paragraphs[1:] if "“" not in p]  # quotes stay with their story
        shared = rng.sample(body, min(2 + int(rng.random() * 2), len(body)))
        return build_article(rng, head, shared=shared)

    def _featured(self, day_index: int) -> tuple[int, ...]:
        """The first originals captured on a day: the stories related-article cards point to."""
        lo, hi = self.first_index(day_index), self.first_index(day_index + 1)
        found = [k for k in range(lo, min(hi, lo + 40)) if self.planned(k)[0] == "original"]
        return tuple(found[:FEATURED_PER_DAY])

    def card(self, j: int) -> tuple[str, str, str]:
        """(headline, teaser, author) of a story featured on one of the three previous days."""
        rng = self.rng(j, _CARD)
        d = self.day_index(j)
        back = min(d, 1 + int(rng.random() * 3))
        featured = [k for k in self.featured(d - back) if k < j]
        if featured:
            head = self.head(featured[int(rng.random() * len(featured))])
        else:
            head = build_head(rng, -1, self.day(j) - timedelta(days=3))
        return head.headline, teaser(head.lede, rng), head.authors[0]

    def _ki_page(
        self, j: int, capture: date, paragraphs: tuple[str, ...] | None = None
    ) -> tuple[str, tuple[FeedItem, ...]]:
        art = self.article(j)
        if paragraphs is not None:
            art = Article(art.head, art.tags, art.caption, art.credit, paragraphs, art.quotes)
        feed_rng = Random(((self._seed_bits | (j << 4) | _FEED) << 20) | capture.toordinal())
        feed = feed_for_page(self.seed, pages.KI, capture, feed_rng)
        return pages.render_ki(art, capture, self.card(j), feed), feed

    # -- one dump ---------------------------------------------------------------------------
    def dump(self, i: int) -> SampleDump:
        kind, param, src = self.resolve(i)
        name = self.name(i)
        capture = self.day(i)
        if kind in ("original", "hard_negative"):
            text, feed = self.ki_page(i, capture)
            label = self._ki_label(
                name, i, i, kind, capture, feed, None if src is None else self.name(src)
            )
            return SampleDump(name, text.encode("utf-8"), label)
        if kind == "other_site":
            return self._other_site(i, name, param, capture)
        if kind in BAD_KINDS and kind != "bad_mixed":
            return self._bad(i, name, kind, capture)
        assert src is not None
        rng = self.rng(i, _VARIANT)
        source_name = self.name(src)
        src_day = self.day(src)
        if kind in ("exact_copy", "reencoded", "bad_mixed"):
            text, feed = self.ki_page(src, src_day)
            if kind == "exact_copy":
                data, encoding = text.encode("utf-8"), "utf-8"
            elif kind == "bad_mixed":
                data, encoding = variants.mixed(text, rng), None
            else:
                cp = variants.cp1252_crlf(text) if param == "cp1252" else None
                data, encoding = (cp, "cp1252") if cp else (variants.utf16_bom(text), "utf-16")
            label = self._ki_label(name, src, src, kind, src_day, feed, source_name)
            if kind == "bad_mixed":
                label = _bad_label(name, kind, src_day, pages.KI, source_name)
            return SampleDump(name, data, _replace(label, encoding=encoding))
        paragraphs = None
        art = self.article(src)
        if kind == "edited":
            paragraphs = variants.edit_paragraph(art.paragraphs, rng)
        elif kind == "added_paragraph":
            paragraphs = variants.add_paragraph(art.paragraphs, art.head, rng)
        text, feed = self._ki_page(src, capture, paragraphs)
        if kind == "trimmed":
            text = variants.trim(text, rng)
            feed = tuple(item for item in feed if item.body in text)
        label = self._ki_label(name, src, src, kind, capture, feed, source_name)
        if kind == "trimmed":
            label = _replace(label, quotes=tuple(q for q in label.quotes if q.quote in text))
        return SampleDump(name, text.encode("utf-8"), label)

    def _ki_label(
        self,
        name: str,
        story: int,
        j: int,
        kind: str,
        capture: date,
        feed: tuple[FeedItem, ...],
        of: str | None,
    ) -> Label:
        art = self.article(j)
        head = art.head
        return Label(
            name=name,
            story_id=self.story_id(story),
            kind=kind,
            capture_date=capture,
            site=pages.KI,
            of=of,
            headline=head.headline,
            authors=head.authors,
            published_at=pages.published_at(pages.KI, head.published),
            tags=art.tags,
            live=tuple(item.truth for item in feed),
            quotes=art.quotes,
        )

    def _other_site(self, i: int, name: str, site: str, capture: date) -> SampleDump:
        rng = self.rng(i, _OTHER)
        voice, staff = _VOICES[site], _STAFF[site]
        head = build_head(rng, i, capture, voice, staff)
        art = build_article(rng, head, voice)
        related = [build_head(rng, -1, capture, voice, staff).headline for _ in range(2)]
        live: tuple[LiveTruth, ...] = ()
        if site == pages.DNIPRO:
            standfirst = Draw(head.ctx, head.pools, rng)("{spk_head} says {claim}.")
            standfirst = standfirst[0].upper() + standfirst[1:]
            text = pages.render_dnipro(art, capture, related, standfirst)
        elif site == pages.BALTIC:
            latest, live = _baltic_latest(self.seed, capture, rng)
            text = pages.render_baltic(art, capture, related, latest)
        else:
            text = pages.render_bsm(art, capture, rng)
        label = Label(
            name=name,
            story_id=self.story_id(i),
            kind="other_site",
            capture_date=capture,
            site=site,
            headline=head.headline,
            authors=head.authors,
            published_at=pages.published_at(site, head.published),
            tags=art.tags,
            live=live,
            quotes=art.quotes,
        )
        return SampleDump(name, text.encode("utf-8"), label)

    def _bad(self, i: int, name: str, kind: str, capture: date) -> SampleDump:
        rng = self.rng(i, _VARIANT)
        header = f" date {capture.isoformat()} Skip to content"
        if kind == "bad_empty":
            return SampleDump(name, b"", _bad_label(name, kind, None, None, None, None))
        if kind == "bad_binary":
            data = variants.binary(rng)
            return SampleDump(name, data, _bad_label(name, kind, None, None, None, None))
        if kind == "bad_undecodable":
            data = variants.undecodable(header, rng)
            return SampleDump(name, data, _bad_label(name, kind, capture, pages.KI, None, None))
        text = pages.render_ki(
            build_article(rng, build_head(rng, i, capture)),
            capture,
            ("", "", ""),
            day_feed(self.seed, pages.KI, capture)[:1],
        )
        data = variants.truncated_head(text, rng)
        return SampleDump(name, data, _bad_label(name, kind, capture, pages.KI, None))


def _baltic_latest(
    seed: int, capture: date, rng: Random
) -> tuple[list[tuple[str, str]], tuple[LiveTruth, ...]]:
    lines: list[tuple[str, str]] = []
    truths: list[LiveTruth] = []
    feed = day_feed(seed, pages.BALTIC, capture)
    ordered = sorted(feed, key=lambda item: not item.truth.losses)  # the loss line first
    for item in ordered:
        figures = item.truth.losses
        if figures and figures[0].category != "personnel":
            continue
        if figures:
            f = figures[0]
            text = f"Russian losses: {f.total:,} personnel (+{f.delta:,}), General Staff says"
        else:
            text = item.headline.rstrip(".")
        hhmm = clock24(item.minute)
        lines.append((hhmm, text))
        truths.append(LiveTruth(item.truth.key, hhmm, text, figures))
        if len(lines) == 3:
            break
    return lines, tuple(truths)


def _bad_label(
    name: str,
    kind: str,
    capture: date | None,
    site: str | None,
    of: str | None,
    encoding: str | None = "utf-8",
) -> Label:
    return Label(name, None, kind, capture, site, of=of, encoding=encoding)


def _replace(label: Label, **changes: object) -> Label:
    return dataclasses.replace(label, **changes)


def iter_dumps(n: int, seed: int = 0) -> Iterator[SampleDump]:
    """Yield n dumps in index order (capture-date order); memory stays flat for any n."""
    plan = CorpusPlan(n, seed)
    for i in range(n):
        yield plan.dump(i)


def iter_labels(n: int, seed: int = 0) -> Iterator[Label]:
    """Just the labels of `iter_dumps(n, seed)` (they are drawn alongside the bytes)."""
    for dump in iter_dumps(n, seed):
        yield dump.label


def write_corpus(
    out: Path,
    n: int = 500,
    seed: int = 0,
    manifest: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write n dumps into `out` (created if missing) and return how many were written.

    Only dumps go into `out` (existing files of the same names are overwritten, others are left
    alone); the JSON-lines manifest of labels goes to `manifest` if given, written to a
    temporary name and renamed when complete. `progress` is called with the running count
    every 1,000 files and once at the end.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = None if manifest is None else Path(manifest).with_name(Path(manifest).name + ".tmp")
    base = os.fspath(out)
    written = 0
    with contextlib.ExitStack() as stack:
        sink = None
        if tmp is not None:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            sink = stack.enter_context(open(tmp, "w", encoding="utf-8"))
        for dump in iter_dumps(n, seed):
            _write_file(os.path.join(base, dump.name), dump.data)
            if sink is not None:
                sink.write(json.dumps(dump.label.to_json(), ensure_ascii=False) + "\n")
            written += 1
            if progress is not None and written % 1000 == 0:
                progress(written)
    if tmp is not None and manifest is not None:
        os.replace(tmp, manifest)
    if progress is not None and written % 1000:
        progress(written)
    return written


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _write_file(path: str, data: bytes) -> None:
    """Plain os-level writes: cheaper than `open()` when creating a million small files."""
    fd = os.open(path, _FLAGS, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
