"""Where the article is: the run of lines with the most prose in it.

Each line scores for (+) or against (-) being inside the article; the block is the
maximum-sum run of scores, joined to the nearest strong run across a short gap (an ad, a
share bar, a small "read next" box inside the article) and cut at the first line that opens
a comment section or the like once enough prose came before it, or at a "Related" heading
followed by less prose than came before. Short lines without a full stop score little (a
list of linked headlines is not an article); items of a numbered list cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.parse.classify import CAPTION, FULL_STOP, GOOD, MARKER, NEARGOOD, SHORT
from transforms.parse.lexicon import is_end_marker, is_hard_end


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
    bridged = {i for a, b in joined for i in range(a, b)}
    good = [len(lines[i]) if classes[i] == GOOD else 0 for i in range(start, end)]
    total = sum(good)
    good_chars = 0
    for i in range(start, end):
        good_chars += good[i - start]
        if good_chars < MIN_GOOD_BEFORE_END or classes[i] == GOOD:
            continue
        # a hard end closes the article; a "Related" box does when less prose follows it
        if is_hard_end(lines[i]) or (
            classes[i] == MARKER
            and i not in bridged
            and total - good_chars < SOFT_CUT_SHARE * good_chars
        ):
            end = i
            break
    return Block(start, end, joined)


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
