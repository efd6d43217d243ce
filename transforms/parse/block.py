"""Where the article is: the run of lines with the most prose in it.

Each line scores for (+) or against (-) being inside the article; the block is the
maximum-sum run of scores, joined to the nearest strong run across a short gap (an ad, a
share bar, a small "read next" box inside the article) and cut at the first line that opens
a comment section or the like once enough prose came before it (prose after it never counts),
or at a "Related" heading followed by less prose than came before, or at a newsletter sign-up
box followed by less prose before the next such box. A closing line ending in ":" takes in
the list, table or code it introduces. Short lines without a full stop score little (a
list of linked headlines is not an article); items of a numbered list cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.parse.classify import BAD, CAPTION, FULL_STOP, GOOD, MARKER, NEARGOOD, SHORT
from transforms.parse.lexicon import is_end_marker, is_hard_end, is_signup


@dataclass(slots=True)
class Block:
    start: int  # first body line
    end: int  # one past the last body line
    gaps: list[tuple[int, int]]  # line ranges inside [start, end) that were joined across


END_MARKER_SCORE = -250.0  # a "Related articles" / "Comments" line all but splits the page
SOFT_END_SCORE = -250.0  # "Related", "Most read": a link box, sometimes inside the article
MIN_GOOD_BEFORE_END = 400  # characters of prose that must precede an end marker to cut there
SOFT_CUT_SHARE = 0.5  # a "Related" heading with less than this share of the prose after it
MIN_JOIN_SHARE = 0.2  # a neighbouring run with this share of the main run's score is joined ...
MAX_JOIN_GAP = 25  # ... across at most this many lines
MIN_JOIN_SHARE_SOFT = 0.5  # ... or this share when a "Related" heading sits in the gap
MAX_SOFT_BOX_LINES = 5  # ... unless the gap is this short: a small box of links
MIN_UNSTOPPED_TEXT = 100  # a text line shorter than this without a full stop scores little
SHORT_LINE_SCORE = -15.0  # a short line in a run of lines: menu, list, label
SHORT_PARAGRAPH_SCORE = 0.0  # a short line set apart by blank lines: a short paragraph


def line_scores(lines: list[str], classes: list[int], gaps: list[bool]) -> list[float]:
    """How much each line argues for being inside the article (+) or outside it (-).

    A line with a blank line on both sides was a paragraph element (innerText sets <p> apart
    with blank lines, list items and menus with single line breaks): prose there counts
    more, and a short line there costs nothing.
    """
    n = len(lines)
    out = []
    counted = _counted(lines)
    for i, (line, cls) in enumerate(zip(lines, classes, strict=True)):
        alone = gaps[i] and (i + 1 == n or gaps[i + 1])
        size = len(line)
        if cls == GOOD:
            score = min(size, 800) * (1.0 if alone else 0.7)
        elif cls == NEARGOOD and size < MIN_UNSTOPPED_TEXT and not FULL_STOP.search(line):
            score = size * (0.4 if alone else 0.1)  # a heading or a linked headline, maybe
        elif cls == NEARGOOD:
            score = min(size, 400) * (0.8 if alone else 0.3)
        elif cls == CAPTION:
            score = 0.0
        elif cls == MARKER:
            score = END_MARKER_SCORE if is_hard_end(line) else SOFT_END_SCORE
        elif cls == SHORT:
            alone = alone or i in counted
            score = SHORT_PARAGRAPH_SCORE if alone else SHORT_LINE_SCORE
        else:
            score = -max(40.0, min(size, 200))
        out.append(score)
    return out


_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+\S")


def _counted(lines: list[str]) -> set[int]:
    """Lines of a numbered list ("12. Name", "13. Name"): a ranking or the steps of a recipe,
    items of the article rather than a menu."""
    numbers = {}
    for i, line in enumerate(lines):
        m = _NUMBERED.match(line)
        if m:
            numbers[i] = int(m[1])
    out = set()
    for i, k in numbers.items():
        for j in range(i + 1, min(len(lines), i + 4)):
            if numbers.get(j) in (k + 1, k - 1):
                out.update((i, j))
                break
    return out


def _max_run(
    scores: list[float], lo: int, hi: int, last_start: int | None = None
) -> tuple[float, int, int]:
    """(sum, start, end) of the maximum-sum run of scores[lo:hi] (starting by `last_start`)."""
    best, best_start, best_end = 0.0, lo, lo
    run, run_start = 0.0, lo
    for i in range(lo, hi):
        if run <= 0:
            if last_start is not None and i > last_start:
                break
            run, run_start = 0.0, i
        run += scores[i]
        if run > best:
            best, best_start, best_end = run, run_start, i + 1
    return best, best_start, best_end


def find_block(lines: list[str], classes: list[int], gaps: list[bool]) -> Block | None:
    """The maximum-sum run of lines, joined to a strong neighbouring run across a short gap
    without an end marker (an ad, a share bar, a "read next" list inside the article), and
    cut at the first end marker after enough prose."""
    scores = line_scores(lines, classes, gaps)
    best, start, end = _max_run(scores, 0, len(lines))
    if best <= 0:
        return None
    start, end, joined = _join_neighbours(lines, scores, best, start, end)
    while end < len(lines) and scores[end] == SHORT_PARAGRAPH_SCORE and classes[end] == SHORT:
        end += 1  # short paragraphs that close the article: a last line, a list's last items
    bridged = {i for a, b in joined for i in range(a, b)}
    end = _cut_at_ends(lines, classes, start, end, bridged)
    return Block(start, _introduced(lines, classes, gaps, end), joined)


def _cut_at_ends(lines, classes, start: int, end: int, bridged: set[int]) -> int:
    """The block's end: a hard end (comments, tags) closes the article, and the prose after it
    is no part of it; then a "Related" or sign-up box closes it when less of the article's
    prose follows it than came before it."""
    good = [len(lines[i]) if classes[i] == GOOD else 0 for i in range(start, end)]
    end = _first_end(classes, good, start, end, lambda i, _done: is_hard_end(lines[i]))
    after = _prose_after(lines, classes, good, start, end)
    return _first_end(
        classes,
        good,
        start,
        end,
        lambda i, done: (
            classes[i] == MARKER and i not in bridged and after[i - start] < SOFT_CUT_SHARE * done
        ),
    )


MAX_INTRODUCED_LINES = 30


def _introduced(lines: list[str], classes: list[int], gaps: list[bool], end: int) -> int:
    """The block's end moved past what its last line introduces ("In short:", "Verdict:"):
    the next group of lines (a list, a table, a piece of code) up to a blank line."""
    while 0 < end < len(lines) and lines[end - 1].endswith(":") and classes[end - 1] != MARKER:
        stop = end
        while (
            stop < len(lines)
            and stop - end < MAX_INTRODUCED_LINES
            and classes[stop] not in (BAD, MARKER)
            and (stop == end or not gaps[stop])
        ):
            stop += 1
        if stop == end:
            break
        end = stop
    return end


def _first_end(classes, good, start: int, end: int, is_end) -> int:
    """The first line in [start, end) after enough prose that `is_end(i, prose so far)`
    accepts, else `end`."""
    done = 0
    for i in range(start, end):
        done += good[i - start]
        if done >= MIN_GOOD_BEFORE_END and classes[i] != GOOD and is_end(i, done):
            return i
    return end


def _prose_after(lines, classes, good, start: int, end: int) -> list[int]:
    """For each line of [start, end), the prose chars that follow it as the article's: up to
    the block's end after a "Related" heading, up to the next end marker after a sign-up box
    (the article resumes below a sign-up box, or the page goes on with other boxes)."""
    out = [0] * (end - start)
    to_end = to_marker = 0
    for i in range(end - 1, start - 1, -1):
        out[i - start] = to_marker if is_signup(lines[i]) else to_end
        to_marker = 0 if classes[i] == MARKER else to_marker + good[i - start]
        to_end += good[i - start]
    return out


def _join_neighbours(lines, scores, best, start, end):
    n = len(lines)
    joined: list[tuple[int, int]] = []
    while True:
        # the first run after the gap that is worth joining, not the best one further down
        for s2 in range(end, min(n, end + MAX_JOIN_GAP + 1)):
            if scores[s2] <= 0 or (s2 > end and scores[s2 - 1] > 0):
                continue
            gain, _, e2 = _max_run(scores, s2, n, s2)
            if _joinable(lines, end, s2, gain, best):
                break
        else:
            break
        if e2 <= end:
            break
        joined.append((end, s2))
        end = e2
    while True:
        # the nearest run before the gap that is worth joining
        for e2 in range(start, max(0, start - MAX_JOIN_GAP - 1), -1):
            if e2 == 0 or scores[e2 - 1] <= 0 or (e2 < start and scores[e2] > 0):
                continue
            gain, s2 = _max_run_ending(scores, e2)
            if _joinable(lines, e2, start, gain, best):
                break
        else:
            break
        if s2 >= start:
            break
        joined.append((e2, start))
        start = s2
    return start, end, joined


def _max_run_ending(scores: list[float], end: int) -> tuple[float, int]:
    """(sum, start) of the maximum-sum run of scores that ends just before `end`."""
    best, best_start, run = 0.0, end, 0.0
    for i in range(end - 1, -1, -1):
        run += scores[i]
        if run > best:
            best, best_start = run, i
    return best, best_start


def _joinable(lines, gap_start, gap_end, gain, best) -> bool:
    if gain < MIN_JOIN_SHARE * best or gap_end - gap_start > MAX_JOIN_GAP:
        return False
    gap = lines[gap_start:gap_end]
    if any(is_hard_end(line) for line in gap):
        return False
    if gain >= MIN_JOIN_SHARE_SOFT * best or len(gap) <= MAX_SOFT_BOX_LINES:
        return True  # a strong run, or one past a small "Related" box inside the article
    return not any(is_end_marker(x) for x in gap)
