"""Classes of the lines of an unknown site's page, from text evidence alone.

In the manner of jusText: a line is GOOD prose (long, rich in function words of the page's
language, ending like a sentence), NEARGOOD, SHORT, BAD (navigation, sharing widgets, learned
boilerplate, labels or banners repeated on the page, dates, stamps, notices and listings), a
CAPTION (ends in a photo credit) or a MARKER (opens a box of links or a comment section).
The function-word thresholds drop on pages of agglutinative languages (and of languages
without a list), read from the page's own long lines.
"""

from __future__ import annotations

import re
from collections import Counter

from transforms.parse.alternation import phrase_union
from transforms.parse.dates import find_dates
from transforms.parse.language import ALL_STOPWORDS, STOPWORDS
from transforms.parse.lexicon import (
    CHROME_PHRASE,
    NOTICE_PHRASE,
    STAMP_LABEL,
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
MAX_STAMP_LABEL_CHARS = 100
MAX_NOTICE_CHARS = 400
MIN_CJK_GOOD_CHARS = 25  # CJK has no spaces: length and sentence punctuation decide

WORD = re.compile(r"\w+(?:['’-]\w+)*")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_INVISIBLE = "[\u200b-\u200d\u2060-\u2064\ufeff]*"  # format characters some pages end lines with
SENTENCE_END = re.compile(r"[.!?…:;。！？»”\"')]" + _INVISIBLE + "$")
# a sentence ends here; a quote alone does not
FULL_STOP = re.compile(r"[.!?…。！？][\"'”»)]*" + _INVISIBLE + "$")
CODE = re.compile(r"\S[=(){}\[\]<>/\\:;_$]\S|\S[=:] |^[#$>] ")  # "x = f(y)", "FROM a:b", "$ make"
CJK_PUNCT = re.compile(r"[，。！？、；：]")


_CREDIT_WORDS = (
    "Photo",
    "Photos",
    "Photograph",
    "Image",
    "Images",
    "Picture",
    "Foto",
    "Fotos",
    "Bild",
    "Crédit",
    "Crédits",
    "Credit",
    "Credits",
    "Quelle",
    "Fuente",
    "Fonte",
    "Zdjęcie",
    "Фото",
    "Courtesy",
    "Care of",
)
# a credit label is capitalised (or upper case) and starts a word: "picture of" in prose is not
_LABEL = "|".join(sorted({w for c in _CREDIT_WORDS for w in (c, c.upper())}, key=len, reverse=True))
_AGENCY = "AFP|AP|PAP|EFE|ANSA|Reuters|dpa|EPA|Imago|Keystone|Getty Images|Shutterstock|ABACA"
CREDIT = re.compile(
    rf"^(?P<caption>.*?)\s*[(\[]?(?<![\w-])(?P<credit>(?:(?:{_LABEL})(?![\w-])|Fot\.|"
    rf"(?i:{_LABEL})(?=\s*:)|(?<=.{{15}})(?:\(C\)|©))"
    r"(?:\s*(?:[Cc]redits?|by|von|de|di|:)\b)?\s*:?\s*[^()\[\]]{2,80}?|"
    r"(?:[A-ZÀ-Þ](?:\.|[\w'’-]*) ){0,3}[A-ZÀ-Þ](?:\.|[\w'’-]*) ?/ ?"
    r"(?:Getty Images|AFP|AP|Reuters|EPA|Shutterstock|dpa|picture alliance)"
    r"[^()\[\]]{0,30}|"
    rf"(?<![\w-])(?:{_AGENCY})\s*/\s*[^()\[\]/]{{2,60}}|"
    r"(?<=[.!?] \()(?:[A-ZÀ-Þ][\w'’.-]+ ?){2,4}(?=\)$)|"
    r"(?<=[.!?] )By (?:[A-ZÀ-Þ][\w'’.&-]* ?){1,6}(?=$))[)\]]?$"
)  # the last forms: "Text of a caption. (Jane Roe)" or "... . By JANE ROE", after a full stop


MAX_DATE_LINE_CHARS = 50
_DIGIT = re.compile(r"\d")
_CREDIT_HINTS = (
    *("photo", "foto", "image", "picture", "bild", "cr[ée]dit", "quelle", "fuente", "fonte"),
    *(r"fot\.", "zdjęcie", "фото", "/", "©", r"\(c\)", "courtesy", "care of"),
    *(rf"{re.escape(stop)} \(.*\)$" for stop in ".!?"),  # "... . (Jane Roe)"
    *(f"{re.escape(stop)} by " for stop in ".!?"),
)
CREDIT_HINT = LoweredPattern(phrase_union(_CREDIT_HINTS))
MAX_LISTING_CHARS = 200
_STAMPED = re.compile(r"^[0-2]?\d[:.h][0-5]\d\s+\S")
MAX_LINK_LINES = 8  # lines under "Read also:" or "Related" that can be links to other stories
MAX_LINK_CHARS = 160
# the signature line of an embedded social-media post, the same on every site that embeds one
TWEET_BYLINE = re.compile(r"^[—–] [^\n]{1,80}\(@\w{1,30}\) \S.*\d$")
MAX_TWEET_BYLINE_CHARS = 150


def _is_date_line(line: str) -> bool:
    """A line that is mostly a date ("Jun 18th 2018", "marca 2021 r.") is page furniture."""
    if _DIGIT.search(line) is None:
        return False
    found = find_dates(line, limit=1)
    return bool(found) and (found[0].end - found[0].start) >= 0.6 * len(line)


def _has_date(line: str) -> bool:
    return _DIGIT.search(line) is not None and bool(find_dates(line, limit=1))


def classify(lines: list[str], learned: list[bool], lang: str | None) -> list[int]:
    """One class per line: BAD, SHORT, NEARGOOD or GOOD."""
    stops = STOPWORDS.get(lang or "", ALL_STOPWORDS)
    scale = _stop_scale(lines, stops) if lang not in STOPWORDS or lang in AGGLUTINATIVE else 1.0
    min_good, min_neargood = MIN_GOOD_STOPS * scale, MIN_NEARGOOD_STOPS * scale
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
        if after_marker and n <= MAX_LINK_CHARS and not FULL_STOP.search(line):
            out.append(BAD)  # a linked headline (or its author) under "Read also:" / "Related"
            after_marker -= 1
            continue
        after_marker = 0
        if n <= MAX_REPEATED_CHARS and counts[line] >= MIN_REPEATS and not CODE.search(line):
            out.append(BAD)
            continue
        if n <= MAX_LISTING_CHARS and _STAMPED.match(line):
            out.append(BAD)  # "08:23 Headline of another story": a news ticker or listing
            continue
        if n <= MAX_TWEET_BYLINE_CHARS and TWEET_BYLINE.match(line):
            out.append(NEARGOOD)  # "— Jane Doe (@janedoe) May 5, 2022": a post quoted in full
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
        if n <= MAX_STAMP_LABEL_CHARS and STAMP_LABEL.match(line) and _has_date(line):
            out.append(BAD)  # "Last updated: 3 May 2021, 10:04"
            continue
        if n < MIN_NEARGOOD_CHARS:
            out.append(BAD if CHROME_PHRASE.search(line) else SHORT)
            continue
        words = WORD.findall(line)
        ratio = sum(1 for w in words if w.lower() in stops) / len(words) if words else 0.0
        if ratio < min_good and n >= MIN_OTHER_LANGUAGE_CHARS:
            ratio = max(ratio, _other_language_ratio(words))  # a quote, or a misread page
        if n <= MAX_NOTICE_CHARS and NOTICE_PHRASE.search(line):
            out.append(BAD)  # a disclosure, licence or sign-in notice, however long
        elif CHROME_PHRASE.search(line):
            out.append(BAD if ratio < min_good or n < 200 else NEARGOOD)
        elif (
            n >= MIN_GOOD_CHARS
            and ratio >= min_good
            and (n >= MIN_UNPUNCTUATED_GOOD_CHARS or SENTENCE_END.search(line))
        ):
            out.append(GOOD)
        elif ratio >= min_neargood:
            out.append(NEARGOOD)
        else:
            out.append(BAD if n >= MIN_GOOD_CHARS and not SENTENCE_END.search(line) else SHORT)
    for i, line in enumerate(lines):
        # a longer line shown twice that is not prose: a banner, a duplicated menu or notice
        if len(line) <= MAX_REPEATED_CHARS or counts[line] < 2:
            continue
        if out[i] == NEARGOOD or (
            out[i] == GOOD
            and len(line) < MIN_UNPUNCTUATED_GOOD_CHARS
            and not FULL_STOP.search(line)
        ):
            out[i] = BAD  # ... or a linked headline shown twice
    return out


# languages that glue most function words onto other words: their prose is poor in ours
AGGLUTINATIVE = frozenset({"fi", "hu", "tr", "et"})
PROSE_SAMPLE_CHARS = 150  # lines this long are mostly the article's prose
TYPICAL_PROSE_STOPS = 0.35  # share of function words in such a line of English or German prose
MIN_STOP_SCALE = 0.3


MIN_OTHER_LANGUAGE_CHARS = 100  # a line this long may be prose of another language


def _other_language_ratio(words: list[str]) -> float:
    """The best share of function words in `words` under any one language's list."""
    lowered = [w.lower() for w in words]
    if not lowered:
        return 0.0
    return max(sum(1 for w in lowered if w in stops) for stops in STOPWORDS.values()) / len(lowered)


def _stop_ratio(line: str, stops: frozenset[str]) -> float:
    words = WORD.findall(line)
    return sum(1 for w in words if w.lower() in stops) / len(words) if words else 0.0


def _stop_scale(lines: list[str], stops: frozenset[str]) -> float:
    """How far to lower the function-word thresholds on this page: a language that glues its
    function words onto others (Finnish, Hungarian, Turkish) or one without a list of its own
    shows fewer of them even in its prose. Read from the page's long lines (upper quartile)."""
    ratios = sorted(_stop_ratio(x, stops) for x in lines if len(x) >= PROSE_SAMPLE_CHARS)
    if len(ratios) < 3:
        return 1.0
    upper = ratios[(3 * len(ratios)) // 4]
    return max(MIN_STOP_SCALE, min(1.0, upper / TYPICAL_PROSE_STOPS))


CREDIT_LABEL = re.compile(
    r"^(?:(?:Photo(?:graph)?|Image|Picture|Foto|Bild|Crédits?|Credit|Quelle|Fuente|Fonte|Fot\.|"
    r"Zdjęcie|Фото)\s*(?:credits?|photos?)?\s*:?\s*|By\s+)",
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
