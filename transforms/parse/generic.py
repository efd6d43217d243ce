"""Reading an article out of a page of an unknown site, from the text alone.

Lines are classed (`classify`), the article's block of lines found (`block`), the headline
picked above it (`headline`), the byline and date read around the headline (`byline`), and
the body is the block's lines minus chrome, captions, markers, the headline and a closing
author bio. A line with a blank line on both sides counts as a paragraph: the dump keeps
that much of the page's layout.
"""

from __future__ import annotations

import re
from datetime import timedelta, tzinfo

from transforms.parse.block import find_block
from transforms.parse.byline import find_byline
from transforms.parse.classify import (
    BAD,
    CAPTION,
    FULL_STOP,
    GOOD,
    MARKER,
    NEARGOOD,
    SHORT,
    TEXT,
    caption_parts,
    classify,
)
from transforms.parse.dates import find_dates, to_utc
from transforms.parse.headline import find_headline, headline_text
from transforms.records import ParsedPage

LEAD_IMAGE_LINES = 5  # a caption this close below the body's top is the lead image's
MIN_LEAD_CHARS = 50  # a text line this long between headline and body is its standfirst


def parse_generic(
    lines: list[str],
    gaps: list[bool],
    learned: list[bool],
    page: ParsedPage,
    lang: str | None,
    site_names: tuple[str, ...] = (),
    zone: tzinfo | None = None,
) -> ParsedPage:
    """Fill `page` from an unknown site's lines; `learned` marks known boilerplate lines."""
    classes = classify(lines, learned, lang)
    block = find_block(lines, classes, gaps)
    if block is None:
        page.chrome = [line for line, known in zip(lines, learned, strict=True) if known]
        return page
    head = find_headline(lines, classes, block)
    body_start = block.start
    if head is not None:
        page.headline = headline_text(lines[head])
        body_start = max(body_start, head + 1)

    top = head if head is not None else block.start
    page.authors, meta_lines = find_byline(lines, top, block.start, site_names)
    _find_date(lines, top, block, page, meta_lines, zone)
    skip = set(meta_lines)
    end = _bio_cut(lines, body_start, block.end, page.authors)
    # lines of a gap the block was joined across are an ad or a box of links, unless none
    # of them is boilerplate: then the gap was a list or a piece of code inside the article
    gap_lines = {
        i
        for a, b in block.gaps
        if any(classes[k] in (BAD, CAPTION, MARKER) for k in range(a, b))
        for i in range(a, b)
    }
    # a standfirst between the headline and the block's prose belongs to the article
    lead = [
        i
        for i in range(head + 1 if head is not None else body_start, body_start)
        if i not in skip
        and (
            (len(lines[i]) >= MIN_LEAD_CHARS and _is_lead(lines, classes, i, lang))
            or (i == body_start - 1 and _is_sentence(lines[i], classes[i]))
        )
    ]
    loose = _loose_captions(lines, classes, gaps, body_start, end)
    page.paragraphs = [lines[i] for i in lead] + [
        lines[i]
        for i in range(body_start, end)
        if i not in skip
        and i not in loose
        and classes[i] not in (BAD, CAPTION, MARKER)
        and i != head
        and lines[i] != page.headline
        and (i not in gap_lines or classes[i] == GOOD)
    ]
    for i in range(top, min(len(lines), block.start + LEAD_IMAGE_LINES)):
        if classes[i] == CAPTION:
            page.image_caption, page.image_credit = caption_parts(lines[i])
            break
    kept = set(page.paragraphs)
    page.chrome = [
        line
        for i, line in enumerate(lines)
        if line not in kept and i != head and i not in skip and classes[i] != GOOD
    ]
    return page


def _is_lead(lines: list[str], classes: list[int], i: int, lang: str | None) -> bool:
    """Line `i` reads as prose: a standfirst. Its neighbours may have made it boilerplate
    (a page that shows it twice, a menu entry "Comments" above it): judge it alone."""
    if classes[i] in TEXT:
        return True
    return (
        classes[i] == BAD
        and len(lines[i]) >= MIN_RESCUED_LEAD_CHARS
        and classify([lines[i]], [False], lang)[0] in TEXT
    )


MIN_RESCUED_LEAD_CHARS = 80  # shorter lines there may be captions or links


MIN_SENTENCE_WORDS = 5


def _is_sentence(line: str, cls: int) -> bool:
    """A short full sentence ("Read this post in Turkish here."): right above the body, it is
    the article's first line."""
    return (
        cls in (SHORT, NEARGOOD)
        and len(line.split()) >= MIN_SENTENCE_WORDS
        and bool(FULL_STOP.search(line))
    )


MIN_SET_APART_SHARE = 0.6  # an article whose prose lines are this often set apart by blanks
LOOSE_CAPTION_CHARS = (20, 150)


def _loose_captions(lines, classes, gaps, start: int, end: int) -> set[int]:
    """Lines that read as an image caption without a credit: in an article whose prose
    paragraphs are set apart by blank lines, a short text line glued to the line above it
    with a paragraph break right after it, that does not end like a sentence."""
    prose = [i for i in range(start, end) if classes[i] == GOOD]
    apart = sum(1 for i in prose if gaps[i])
    if not prose or apart < MIN_SET_APART_SHARE * len(prose):
        return set()
    lo, hi = LOOSE_CAPTION_CHARS
    return {
        i
        for i in range(start + 1, end - 1)
        if not gaps[i]
        and gaps[i + 1]
        and classes[i] in (SHORT, NEARGOOD)
        and lo <= len(lines[i]) <= hi
        and not FULL_STOP.search(lines[i])
        and not CODE_CHARS.search(lines[i])
    }


CODE_CHARS = re.compile(r"\S[=(){}\[\]<>\\;_$]\S")  # "f(x)", "a_b", "x=1": code, no caption


_BIO_VERB = re.compile(r"^\s*(?:is|was|has|writes|covers|ist|est|es|è|jest)\b")
BIO_TAIL_LINES = 3  # an author's bio can only be among the body's last lines


def _bio_cut(lines: list[str], start: int, end: int, authors: list[str]) -> int:
    """End of the body before a closing author bio ("Perry Bacon Jr. is a senior writer ...")."""
    names = [n for a in authors for n in (a, a.split()[0], a.split()[-1]) if len(n) > 2]
    full = [a.casefold() for a in authors if " " in a]
    for i in range(max(start, end - BIO_TAIL_LINES), end):
        low = lines[i].casefold()
        if (
            len(low) <= MAX_SIGNOFF_CHARS
            and not FULL_STOP.search(low)
            and any(n in low for n in full)
        ):
            return i  # "More by Jane Doe", "Follow Jane Doe on X": the author's box
        for name in names:
            if low.startswith(name.casefold()) and _BIO_VERB.match(lines[i][len(name) :]):
                return i
        if len(lines[i]) <= MAX_BIO_CHARS and _ANY_BIO.match(lines[i]):
            return i
    return end


MAX_BIO_CHARS = 500
MAX_SIGNOFF_CHARS = 80
# "Jane Doe is a senior writer for ...": a name, a verb, and a journalist's role soon after
_ANY_BIO = re.compile(
    r"^(?:[A-ZÀ-Þ][\w.'’-]+\s+){1,3}(?:Jr\.?\s+)?(?:is|was|has been|ist|est|es|è|jest)\s+"
    r"(?:\w+\s+){0,4}(?:writer|editor|reporter|journalist|correspondent|columnist|contributor|"
    r"author|freelancer?|Redakteur(?:in)?|Journalist(?:in)?|Autor(?:in)?|journaliste|rédact\w+|"
    r"periodista|redactor[a]?|giornalista|dziennikar\w+)\b"
)


def _find_date(lines, head, block, page, meta_lines, zone) -> None:
    latest = page.capture_date + timedelta(days=1)
    order = list(meta_lines) + list(range(max(0, head - 3), min(len(lines), block.start + 4)))
    for i in order:
        for found in find_dates(lines[i], limit=3):
            if found.day <= latest:
                page.published_at = to_utc(found, zone)
                page.published_at_source = "byline" if i in meta_lines else "text"
                return
