"""Classes of the lines of an unknown site's page, from text evidence alone.

In the manner of jusText: a line is GOOD prose (long, rich in function words of the page's
language, ending like a sentence), NEARGOOD, SHORT, BAD (navigation, sharing widgets, learned
boilerplate, labels repeated on the page, dates and listings), a CAPTION (ends in a photo
credit) or a MARKER (opens a box of links or a comment section).
"""

from __future__ import annotations

import re
from collections import Counter

from transforms.parse.dates import find_dates
from transforms.parse.language import ALL_STOPWORDS, STOPWORDS
from transforms.parse.lexicon import (
    CHROME_PHRASE,
    LoweredPattern,
    is_chrome_line,
    is_end_marker,
    is_inline_marker,
)

BAD, SHORT, NEARGOOD, GOOD, CAPTION, MARKER = 0, 1, 2, 3, 4, 5
TEXT = (NEARGOOD, GOOD)

MIN_GOOD_CHARS = 70  # a prose line is at least this long ...
MIN_GOOD_STOPS = 0.22  # ... with at least this share of function words
MIN_UNPUNCTUATED_GOOD_CHARS = 150  # shorter prose without a final stop is a heading or link
MIN_NEARGOOD_CHARS = 30
MIN_NEARGOOD_STOPS = 0.15
MAX_REPEATED_CHARS = 40  # a line this short shown 3+ times on one page is a label or menu
MIN_REPEATS = 3
MAX_CAPTION_CHARS = 300
MIN_CJK_GOOD_CHARS = 25  # CJK has no spaces: length and sentence punctuation decide

WORD = re.compile(r"\w+(?:['’-]\w+)*")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
SENTENCE_END = re.compile(r"[.!?…:;。！？»”\"')]$")
CJK_PUNCT = re.compile(r"[，。！？、；：]")


_CREDIT_WORDS = (
    "Photo", "Photos", "Photograph", "Image", "Images", "Picture", "Foto", "Fotos", "Bild",
    "Crédit", "Crédits", "Credit", "Credits", "Quelle", "Fuente", "Fonte", "Zdjęcie", "Фото",
)
# a credit label is capitalised (or upper case) and starts a word: "picture of" in prose is not
_LABEL = "|".join(sorted({w for c in _CREDIT_WORDS for w in (c, c.upper())}, key=len, reverse=True))
CREDIT = re.compile(
    rf"^(?P<caption>.*?)\s*[(\[]?(?<![\w-])(?P<credit>(?:(?:{_LABEL})(?![\w-])|Fot\.|"
    rf"(?i:{_LABEL})(?=\s*:)|(?<=.{{15}})(?:\(C\)|©))"
    r"(?:\s*(?:[Cc]redits?|by|von|de|di|:)\b)?\s*:?\s*[^()\[\]]{2,80}?|"
    r"[^()\[\]]{2,60}/(?:Getty Images|AFP|AP|Reuters|EPA|Shutterstock|dpa|picture alliance)"
    r"[^()\[\]]{0,30})[)\]]?$"
)


MAX_DATE_LINE_CHARS = 50
_DIGIT = re.compile(r"\d")
CREDIT_HINT = LoweredPattern(
    r"photo|foto|image|picture|bild|cr[ée]dit|quelle|fuente|fonte|fot\.|zdjęcie|фото|/|©|\(c\)"
)
MAX_LISTING_CHARS = 200
_STAMPED = re.compile(r"^[0-2]?\d[:.h][0-5]\d\s+\S")
MAX_LINK_LINES = 8  # lines under "Read also:" or "Related" that can be links to other stories
MAX_LINK_CHARS = 160


def _is_date_line(line: str) -> bool:
    """A line that is mostly a date ("Jun 18th 2018", "marca 2021 r.") is page furniture."""
    if _DIGIT.search(line) is None:
        return False
    found = find_dates(line, limit=1)
    return bool(found) and (found[0].end - found[0].start) >= 0.6 * len(line)


def classify(lines: list[str], learned: list[bool], lang: str | None) -> list[int]:
    """One class per line: BAD, SHORT, NEARGOOD or GOOD."""
    stops = STOPWORDS.get(lang or "", ALL_STOPWORDS)
    counts = Counter(lines)
    out = []
    after_marker = 0
    for line, known in zip(lines, learned, strict=True):
        n = len(line)
        if known or is_chrome_line(line) or is_end_marker(line):
            out.append(MARKER if is_end_marker(line) and not known else BAD)
            marker = is_inline_marker(line) or is_end_marker(line)
            after_marker = MAX_LINK_LINES if marker else 0
            continue
        if after_marker and n <= MAX_LINK_CHARS and not SENTENCE_END.search(line):
            out.append(BAD)  # a linked headline (or its author) under "Read also:" / "Related"
            after_marker -= 1
            continue
        after_marker = 0
        if n <= MAX_REPEATED_CHARS and counts[line] >= MIN_REPEATS:
            out.append(BAD)
            continue
        if n <= MAX_LISTING_CHARS and _STAMPED.match(line):
            out.append(BAD)  # "08:23 Headline of another story": a news ticker or listing
            continue
        if n <= MAX_DATE_LINE_CHARS and _is_date_line(line):
            out.append(BAD)
            continue
        if n <= MAX_CAPTION_CHARS and CREDIT_HINT.search(line) and CREDIT.match(line):
            out.append(CAPTION)
            continue
        if CJK.search(line):
            punct = len(CJK_PUNCT.findall(line))
            if n >= MIN_CJK_GOOD_CHARS and punct >= 1:
                out.append(GOOD)
            else:
                out.append(SHORT if n < MIN_CJK_GOOD_CHARS else NEARGOOD)
            continue
        if n < MIN_NEARGOOD_CHARS:
            out.append(SHORT)
            continue
        words = WORD.findall(line)
        ratio = sum(1 for w in words if w.lower() in stops) / len(words) if words else 0.0
        if CHROME_PHRASE.search(line):
            out.append(BAD if ratio < MIN_GOOD_STOPS or n < 200 else NEARGOOD)
        elif (
            n >= MIN_GOOD_CHARS
            and ratio >= MIN_GOOD_STOPS
            and (n >= MIN_UNPUNCTUATED_GOOD_CHARS or SENTENCE_END.search(line))
        ):
            out.append(GOOD)
        elif ratio >= MIN_NEARGOOD_STOPS:
            out.append(NEARGOOD)
        else:
            out.append(BAD if n >= MIN_GOOD_CHARS and not SENTENCE_END.search(line) else SHORT)
    return out


CREDIT_LABEL = re.compile(
    r"^(?:Photo(?:graph)?|Image|Picture|Foto|Bild|Crédits?|Credit|Quelle|Fuente|Fonte|Fot\.|"
    r"Zdjęcie|Фото)\s*(?:credits?|photos?)?\s*:?\s*",
    re.IGNORECASE,
)


def caption_parts(line: str) -> tuple[str | None, str | None]:
    """(caption, credit) of a line ending in a photo credit."""
    m = CREDIT.match(line)
    if m is None:
        return line, None
    caption = m["caption"].strip(" -–|:,") or None
    credit = CREDIT_LABEL.sub("", m["credit"].strip()).strip(" :") or None
    return caption, credit
