"""The headline of an unknown site's page: a title-shaped line close above the body.

Candidates are scored by how many of their words (first letters) the body uses, their
distance above the body's first prose line, their shape (no final full stop, not a name,
date, credit, label, menu entry or line of capitals), a byline or date right below them,
and whether the page repeats them outside the body (a breadcrumb trail, "N thoughts on ...")
or inside it (then it is a section heading). The line right above a longer standfirst on
the same topic, or a nearly as good line just above the best one, wins: a headline comes
before its standfirst. A breadcrumb trail gives its last crumb.
"""

from __future__ import annotations

import re

from transforms.parse.authors import looks_like_name
from transforms.parse.block import Block
from transforms.parse.byline import BY_LINE, byline_at
from transforms.parse.classify import (
    CJK,
    CJK_PUNCT,
    CREDIT,
    GOOD,
    MAX_REPEATED_CHARS,
    MIN_REPEATS,
    SENTENCE_END,
    TEXT,
    WORD,
)
from transforms.parse.dates import find_dates
from transforms.parse.language import ALL_STOPWORDS
from transforms.parse.lexicon import CHROME_PHRASE, is_chrome_line, is_end_marker

BYLINE_BONUS = 1.2  # a byline right below is a headline's usual company ...
DATE_BONUS = 1.0  # ... and so is a date
MAX_META_CHARS = 120
MAX_HEAD_LINES = 25  # how far above the body the headline may sit
MAX_TEXT_ABOVE_HEAD = 150  # prose chars in the block above which no headline can sit
TITLE_ABOVE_LINES = 6  # a title candidate this close above the best one ...
TITLE_ABOVE_MARGIN = 0.3
_TITLE_BAD_END = re.compile(r"[,;:]$")


def _content_words(line: str) -> set[str]:
    """Words that carry meaning; character pairs for CJK, which has no spaces."""
    if CJK.search(line):
        chars = [c for c in line if CJK.match(c)]
        return {a + b for a, b in zip(chars, chars[1:], strict=False)}
    return {
        w[:STEM_CHARS] for w in WORD.findall(line.lower()) if len(w) >= 4 and w not in ALL_STOPWORDS
    }


STEM_CHARS = 5  # words compared by their first letters: "Swede" ~ "Sweden", "plagued" ~ "plagues"
_CRUMB = re.compile(r"\s+(?:>>?|»|›|/|\\)\s+")
MIN_CRUMBS = 2  # "Home » Recipes » Cakes » Title": a breadcrumb trail ending in the title


def headline_text(line: str) -> str:
    """The title at the end of a breadcrumb trail, else the line itself."""
    parts = _CRUMB.split(line)
    if len(parts) > MIN_CRUMBS and len(parts[-1]) >= 10:
        return parts[-1]
    return line


def _meta_below(lines: list[str], i: int) -> float:
    """Bonus for a byline or a date within the few lines under line `i`: a headline's company."""
    bonus = 0.0
    for j in range(i + 1, min(len(lines), i + META_BELOW_LINES + 1)):
        if len(lines[j]) > MAX_META_CHARS:
            continue
        if byline_at(lines, j):
            return BYLINE_BONUS
        if not bonus and find_dates(lines[j], limit=1):
            bonus = DATE_BONUS
    return bonus


META_BELOW_LINES = 3
MENU_LINE_CHARS = 40  # a title squeezed between short lines with no blank line is a menu entry


def find_headline(lines: list[str], classes: list[int], block: Block) -> int | None:
    """Index of the headline: a title-shaped line close above the body whose words the body
    uses, preferring one the page repeats (breadcrumb trail, "N thoughts on ...")."""
    vocab: dict[str, int] = {}
    for i in range(block.start, block.end):
        if classes[i] in TEXT:
            for w in _content_words(lines[i]):
                vocab[w] = vocab.get(w, 0) + 1
    # the article's prose starts at its first GOOD line: the block may open with chrome
    anchor, prose = block.start, 0
    for i in range(block.start, min(block.end, block.start + MAX_HEAD_LINES)):
        if classes[i] == GOOD or prose >= MAX_TEXT_ABOVE_HEAD:
            anchor = i
            break
        prose += len(lines[i]) if classes[i] in TEXT else 0
    top = max(0, anchor - MAX_HEAD_LINES)
    text = "\n".join(lines)
    # a "By ..." line near the prose's top: the headline sits just above its byline
    byline = _first_byline(lines, classes, top, min(len(lines), anchor + BYLINE_AFTER_ANCHOR))
    last = max(anchor + 3, byline or 0)
    scores = {
        i: _title_score(
            lines, classes, i, block, vocab, byline if byline and i < byline else anchor, text
        )
        for i in range(top, min(last, len(lines)))
    }
    # a byline or date under a stack of title-shaped lines (headline, standfirst) is the
    # company of each of them: the stack's first line is the headline
    meta = {i: _meta_below(lines, i) for i, value in scores.items() if value > 0}
    for i in sorted(meta, reverse=True):
        if not meta[i] and meta.get(i + 1):
            meta[i] = meta[i + 1]
    for i, bonus in meta.items():
        scores[i] += bonus
    best = max(scores, key=lambda i: (scores[i], -i), default=None)
    if best is None or scores[best] <= 0:
        return None
    if _standfirst_below(lines, scores, best - 1, best, vocab):
        return best - 1
    # a headline comes before its standfirst: prefer a nearly as good line just above
    floor = max(scores[best] - TITLE_ABOVE_MARGIN, 1e-9)
    while True:
        above = [i for i in range(best - TITLE_ABOVE_LINES, best) if scores.get(i, 0.0) >= floor]
        if not above:
            return best
        best = above[0]  # strictly above: the loop ends


BYLINE_AFTER_ANCHOR = 10  # how far below the prose's first line a byline is looked for


def _first_byline(lines: list[str], classes: list[int], lo: int, hi: int) -> int | None:
    """The first explicit byline ("By Jane Doe", "Posted by ...") in [lo, hi) that is no
    sentence of prose."""
    for i in range(lo, hi):
        if classes[i] != GOOD and len(lines[i]) <= MAX_META_CHARS and byline_at(lines, i):
            return i
    return None


def _title_score(lines, classes, i, block, vocab, anchor, text: str) -> float:
    line = headline_text(lines[i])
    n = len(line)
    cjk = CJK.search(line) is not None
    if not (6 if cjk else 10) <= n <= 250 or _TITLE_BAD_END.search(line):
        return 0.0
    if is_chrome_line(line) or BY_LINE.match(line) or is_end_marker(line) or CREDIT.match(line):
        return 0.0
    words = line.split()
    if (len(words) < 2 and not cjk) or len(words) > 40 or CHROME_PHRASE.search(line):
        return 0.0
    if n < 100 and find_dates(line, limit=1):
        return 0.0
    if line.isupper() and len(words) >= 5 and not any(w.lower() in ALL_STOPWORDS for w in words):
        return 0.0  # "NEWS FEATURES BEAUTY ENTERTAINMENT": a menu in capitals
    own = _content_words(line)
    inside = block.start <= i
    overlap = 0.0
    if own:
        shared = sum(1 for w in own if vocab.get(w, 0) > (1 if inside else 0))
        overlap = shared / len(own) * min(1.0, len(own) / 4)
    score = 1.0 + 3.0 * overlap
    distance = anchor - i
    score -= 0.08 * distance if distance > 0 else 0.3 + 1.0 * -distance
    if line.endswith((".", "。")):
        score -= 1.5 if n > (30 if cjk else 80) else 0.8
    if classes[i] == GOOD and n > (50 if cjk else 150) and (inside or SENTENCE_END.search(line)):
        score -= 1.5
    if len(words) <= 3 and not cjk:
        score -= 0.7
    if cjk and CJK_PUNCT.search(line):
        score -= 1.0  # a CJK headline has no commas or full stops
    if len(words) <= 4 and looks_like_name(line):
        score -= 1.5
    if n < MENU_LINE_CHARS and _in_menu(lines, i):
        score -= 0.7
    shown = text.count(line)  # a cheap test before the line-by-line one
    if n <= MAX_REPEATED_CHARS and shown >= MIN_REPEATS and _clustered(lines, i):
        return 0.0  # a label a widget repeats: "Search for a recipe" three times in a row
    if shown < 2:
        return score
    again = [j for j, other in enumerate(lines) if j != i and _repeats(other, line)]
    if any(block.start <= j < block.end and j > i for j in again):
        score -= 1.0  # shown again inside the body: a section heading or its table of contents
    elif again:
        score += 1.0
    return score


def _repeats(other: str, line: str) -> bool:
    """`other` shows `line` again: verbatim, or at the end of a breadcrumb or "N thoughts on"."""
    if other == line:
        return True
    cut = len(other) - len(line)
    return cut > 0 and other.endswith(line) and _REPEAT_LEAD.search(other[:cut]) is not None


# what may precede a repeated headline: a breadcrumb separator, "N thoughts on", a quote mark
_REPEAT_LEAD = re.compile(r"(?:[>»›|/:–—\-“\"«„]|\b(?:on|to|zu|sur|a|en|su))\s*$")


def _in_menu(lines: list[str], i: int) -> bool:
    """Three of the four lines around `i` are short too: a run of menu entries."""
    near = [lines[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(lines)]
    return sum(1 for x in near if len(x) < MENU_LINE_CHARS) >= 3


STANDFIRST_SHARE = 0.4  # the headline above a standfirst may score this share of it
MIN_STANDFIRST_WORDS = 8
MIN_STANDFIRST_TITLE_WORDS = 2


def _standfirst_below(lines, scores, i: int, best: int, vocab: dict[str, int]) -> bool:
    """Line `best` reads as the standfirst of the shorter title-shaped line `i` right above,
    whose words the body uses too."""
    if scores.get(i, 0.0) < STANDFIRST_SHARE * scores[best]:
        return False
    title, below = lines[i], lines[best]
    shared = sum(1 for w in _content_words(title) if vocab.get(w, 0) > 0)
    return (
        shared >= MIN_STANDFIRST_TITLE_WORDS
        and not _title_cased(below)
        and len(title.split()) >= 4
        and len(below.split()) >= MIN_STANDFIRST_WORDS
        and len(title) < len(below)
        and not title.endswith(".")
    )


MIN_TITLE_CASE_SHARE = 0.5
_WORD_START = re.compile(r"(?<![\w'’-])\w")


def _title_cased(line: str) -> bool:
    """Most longer words after the first are capitalised: "How We Built The Thing" (a headline
    style), not a standfirst's sentence."""
    words = [w for w in line.split()[1:] if len(w) >= 4 and w[:1].isalpha()]
    if not words:
        return False
    return sum(1 for w in words if w[:1].isupper()) >= MIN_TITLE_CASE_SHARE * len(words)


CLUSTER_LINES = 10


def _clustered(lines: list[str], i: int) -> bool:
    """Line `i` is shown MIN_REPEATS times within a few lines."""
    lo, hi = max(0, i - CLUSTER_LINES), min(len(lines), i + CLUSTER_LINES + 1)
    return sum(1 for j in range(lo, hi) if lines[j] == lines[i]) >= MIN_REPEATS
