"""Bylines of unknown sites: "By NAME", "NAME / DATE", "Posted by NAME on DATE", ...

`find_byline` looks around the headline for the author names and says which lines it used,
so the caller keeps them out of the body and reads the publication date there first.
"""

from __future__ import annotations

import re

from transforms.parse.authors import ROLES, looks_like_name, normalise_authors
from transforms.parse.dates import MONTHS, find_dates
from transforms.parse.lexicon import is_chrome_line, is_end_marker

BY_LINE = re.compile(
    r"^(?:(?:written|posted|published|story|words|text|reporting)\s+)?"
    r"(?:by|von|par|por|przez|door|av|af|від|автор|autor(?:in|a)?|author|auteur|texte?|texto)"
    r"(?:\s*:\s*|\s+|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
_BY_INSIDE = re.compile(
    r"(?:^|[\s|•·,])(?:(?:written|posted|published)\s+)?(?:by|von|par|por|przez)\s*:?\s+"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_FUSED_HANDLE = re.compile(r"@\w+?(?=[A-ZÀ-Þ][a-zà-ÿ])")  # "Jane Doe@janedoe28John Roe"
_FUSED_BY = re.compile(r"^(By|Von)(?=[A-ZÀ-Þ])")
_MONTH_WORD = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_CUT = re.compile(
    rf"\s*(?:[|•·—–/@]|\s-\s|,?\s+(?:on|at|am|um|le|el|il|em|in|published|updated|last|"
    rf"veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|for|\d+\s+comments?|"
    rf"(?:{_MONTH_WORD})\.?\s+\d)\b|\d).*$",
    re.IGNORECASE,
)
_FULL_MONTHS = (
    "January|February|March|April|June|July|August|September|October|November|December|"
    "Januar|Februar|März|Juni|Juli|Oktober|Dezember"
)
_GLUED_MONTH = re.compile(rf"(?<=[a-z])(?=(?:{_FULL_MONTHS})\s*\d)")
_LABELLED = re.compile(
    r"^(?:about the author\s*[-–:]|author|autor(?:in)?|auteur|written by|posted by|published by|verfasst von|"
    r"geschrieben von|escrito por|scritto da|napisał[a]?)\s*:?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_LABEL_ALONE = re.compile(
    r"^(?:written by|posted by|published by|verfasst von|geschrieben von|escrito por|"
    r"scritto da|écrit par|publié par|autor(?:in)?|author|auteur)\s*:?$",
    re.IGNORECASE,
)
_JOINERS = frozenset({"and", "und", "et", "y", "e", "i", "oraz", "&", ","})
MAX_BYLINE_CHARS = 150  # a line longer than this is prose, even if it contains "by"
AFTER_HEAD = 10  # lines below the headline (or the body's top) searched for a byline
NAME_LINES_BELOW = 5  # a bare name this close under the headline is its byline
MAX_NAME_LINE_CHARS = 60
WIDE_LINES = 30  # how far above the body a "By" line is looked for when none is near the headline


def _cut(text: str) -> str:
    text = _GLUED_MONTH.sub(" ", text)
    dates = find_dates(text, limit=1)
    if dates:
        text = text[: dates[0].start]
    return _CUT.sub("", text).strip(" ,:;|·•-–")


def _names_after_bare_by(lines: list[str], i: int) -> tuple[str, int]:
    """ "By" alone on its line: the names follow, one per line, joined by "and" lines."""
    names: list[str] = []
    last = i
    k = i + 1
    while k < len(lines) and k <= i + 5:
        nxt = lines[k].strip()
        if nxt.lower() in _JOINERS:
            last = k
        elif (
            len(nxt) <= 60
            and _name_after_by(name := _cut_or_handle(nxt))
            and (k == i + 1 or last == k - 1)
        ):
            names.append(name)
            last = k
            if k + 1 < len(lines) and lines[k + 1].strip().lower() not in _JOINERS:
                break
        else:
            break
        k += 1
    return ", ".join(names), last


def _cut_or_handle(text: str) -> str:
    """A name cut from what follows it, or a whole short handle with digits ("delta201")."""
    if _HANDLE.match(text):
        return text
    return _cut(text)


_HANDLE = re.compile(r"^[\w.-]*[^\W\d_][\w.-]*\d[\w.-]*$")


def _name_after_by(text: str) -> bool:
    """What may follow a lone "By": a name, or a short handle ("delta201", "Mobasir hassan")."""
    if looks_like_name(text or "-"):
        return True
    words = text.split()
    return 1 <= len(words) <= 3 and len(text) <= MAX_HANDLE_CHARS and text[-1:].isalnum()


MAX_HANDLE_CHARS = 30
_BY_WORD = re.compile(
    r"\s*(?:(?:words|blog|post|article|story|beitrag|artikel|text|ein|a)\s+){0,2}"
    r"(?:(?:written|posted|published|geschrieben|verfasst)\s+)?\w+\s*:?\s*$",
    re.IGNORECASE,
)


def _plain_prefix(prefix: str) -> bool:
    """Text before a mid-line "by" may only be a date or a separator ("May 4, 2022 by ...")."""
    head = _BY_WORD.sub("", prefix).strip(" |•·,-–—")
    if not head:
        return True
    dates = find_dates(head, limit=1)
    return bool(dates) and len(head) - (dates[0].end - dates[0].start) <= 4


def byline_at(lines: list[str], i: int) -> tuple[str, int] | None:
    """If line `i` is a byline, the raw name text and the last line it used."""
    line = _FUSED_HANDLE.sub(", ", _FUSED_BY.sub(r"\1 ", lines[i]))
    if len(line) > MAX_BYLINE_CHARS:
        return None
    m = BY_LINE.match(line)
    if m is None:
        m = _BY_INSIDE.search(line)
        if m is None or not _plain_prefix(line[: m.start("rest")]):
            return None
    rest = m["rest"].strip()
    if not rest or rest == ":":
        rest, last = _names_after_bare_by(lines, i)
        return (rest, last) if rest else None
    rest = _cut(rest)
    return (rest, i) if rest else None


def find_byline(
    lines: list[str], head: int, body_start: int, site_names: tuple[str, ...] = ()
) -> tuple[list[str], list[int]]:
    """(author names, indices of the byline lines) near the headline at `head`."""
    lo = max(0, head - 3)
    hi = min(len(lines), max(body_start, head + 1) + AFTER_HEAD)
    # a "By ..." line near the headline, else the one nearest above the body's top
    wide = range(min(body_start + AFTER_HEAD, len(lines)) - 1, max(0, body_start - WIDE_LINES), -1)
    for i in [*range(lo, hi), *wide]:
        found = byline_at(lines, i)
        if found is None:
            continue
        # names under a lone "By" were checked there, and may be handles ("delta201")
        names = normalise_authors(found[0], site_names, strict=found[1] == i)
        if names:
            return names, list(range(i, found[1] + 1))
    # no "by": a name-shaped line right under the headline, above the body
    lowercase = _lowercase_words(lines)
    below = range(head + 1, min(len(lines), head + NAME_LINES_BELOW + 1))
    # "DATE | NAME" right above the body, wherever the headline was found
    above = [i for i in range(max(0, body_start - 3), body_start) if i not in below]
    for i in [*below, *above]:
        if i in above and not _DATED.match(lines[i]):
            continue
        found = _names_on(lines[i], lowercase)
        if not found:
            continue
        used = [i]
        # "& Second Author, Role" continuing on the next line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        more = _CONTINUED.sub("", nxt)
        if more != nxt and (extra := _names_on(more, lowercase)):
            found += extra
            used.append(i + 1)
        names = normalise_authors(found, site_names, strict=True)
        if names:
            return names, used
    # an explicit label anywhere below the headline: "Author: NAME", "Posted by NAME at ..."
    for i in range(head + 1, len(lines)):
        if _LABEL_ALONE.match(lines[i]) and i + 1 < len(lines):
            # "Published by" on a line of its own, the name on the next
            nxt = lines[i + 1]
            if len(nxt) <= MAX_NAME_LINE_CHARS and looks_like_name(nxt):
                names = normalise_authors(nxt, site_names, strict=True)
                if names:
                    return names, [i, i + 1]
            continue
        m = _LABELLED.match(lines[i]) if len(lines[i]) <= MAX_BYLINE_CHARS else None
        if m and m["rest"].split()[0].endswith(":"):
            continue  # "Author Contributions: ..."
        cut = _cut(m["rest"].split(",")[0]) if m else ""
        if cut and ":" not in cut:
            # "Posted by NAME, Role, Company": only the name before the first comma
            names = normalise_authors(cut, site_names, strict=True)
            if names:
                return names, [i]
    return _copyright_holder(lines, site_names), []


MIN_PROSE_WORDS = 3
COPYRIGHT_TAIL_LINES = 60
_NAME_WORDS = r"[A-ZÀ-Þ](?:[\w'’-]+|\.)(?:\s+[A-ZÀ-Þ](?:[\w'’-]+|\.)){0,3}"
_COPYRIGHT_BY = re.compile(
    r"(?i:©|\(c\)|copyright)[\s©]*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:(?:19|20)\d\d)?)?)?"
    rf"\s*(?:[^|–—•·.,]{{0,40}}?\s(?P<by>[Bb]y)\s+)?(?P<name>{_NAME_WORDS})|"
    rf"\b(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s+(?P<by2>[Bb]y)\s+(?P<name2>{_NAME_WORDS})"
)
_ORG_TEXT = (  # words of an organisation's name, not of a person's
    "the news times media press group inc ltd llc gmbh ag sa verlag network foundation "
    "university journal magazine post daily herald tribune company corporation corp "
    "publishing digital radio tv television online blog team staff studio studios "
    "institute association society agency all rights reserved sp spa srl sarl bv nv ab oy "
    "kg plc pty"
)
_ORG_WORDS = frozenset(_ORG_TEXT.split())


def _copyright_holder(lines: list[str], site_names: tuple[str, ...]) -> list[str]:
    """A person named in the footer's copyright line ("© 2020 Jane Doe", "2009-2020 by Jane
    Doe"): on a page without a byline, the author of a one-person site."""
    for line in reversed(lines[-COPYRIGHT_TAIL_LINES:]):
        if len(line) > MAX_BYLINE_CHARS or not _COPYRIGHT_HINT.search(line):
            continue
        for m in _COPYRIGHT_BY.finditer(line):
            name, by = m["name"] or m["name2"], m["by"] or m["by2"]
            words = name.split()
            if any(w.lower().strip(".") in _ORG_WORDS for w in words):
                continue
            if by or 2 <= len(words) <= 3:
                names = normalise_authors(name, site_names, strict=True)
                if names:
                    return names
    return []


_COPYRIGHT_HINT = re.compile(r"©|\(c\)|copyright|\b(?:19|20)\d\d\b.{0,12}\bby\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s[|•·]\s")
_DATED = re.compile(r"^\d{1,4}[./\s-]")  # a line that opens with a date


def _is_role_piece(piece: str) -> bool:
    """ "Transport Editor", "Staff Attorney": a job title, not a name."""
    return piece.split()[-1].lower() in ROLE_WORDS


ROLE_WORDS = ROLES | {"attorney", "director", "manager", "president", "officer", "professor"}
_CONTINUED = re.compile(r"^(?:&|and|und|et|y|e|i)\s+", re.IGNORECASE)
_LEADING_DATE_SEP = re.compile(r"^[\s|•·,–—-]+")


def _names_on(line: str, lowercase: frozenset[str]) -> list[str]:
    """Names on a short line under the headline: "Jane Doe", "Jane Doe, John Roe",
    "Jane Doe, Staff Attorney, Some Union", "Jane Doe, 01. Dez. 2017, 12:01 Uhr",
    "28. Juni 2019 | Jane Doe". Words the page also writes in lower case are no names."""
    if len(line) > MAX_BYLINE_CHARS:
        return []
    dates = find_dates(line, limit=1)
    if dates and dates[0].start == 0:  # "DATE | NAME"
        line = _LEADING_DATE_SEP.sub("", line[dates[0].end :])
    cut = _cut(line)
    if not cut and _SEPARATOR.search(line):  # "DATE | NAME", "12.3.2020 • NAME"
        cut = _cut(_SEPARATOR.split(line, maxsplit=1)[1].strip())
    if not cut or ":" in cut:
        return []
    names = []
    pieces = [p.strip() for p in cut.split(",")]
    for piece in pieces:
        ok = looks_like_name(piece) and 2 <= len(piece.split()) <= 4
        if not ok and piece[:1].islower() and len(piece.split()) >= MIN_PROSE_WORDS:
            return []  # "Jane Doe, peu estimée par ...": a sentence about someone
        if not ok or is_chrome_line(piece) or is_end_marker(piece) or _is_role_piece(piece):
            break  # a role or place after the names ends them
        if any(w.lower() in lowercase for w in piece.split()):
            break  # "Example Data", "Recent Findings": words the page also writes lowercase
        names.append(piece)
    if len(names) == len(pieces) and len(line) > MAX_NAME_LINE_CHARS and cut == line.strip():
        return []  # a long line of capitalised words and commas only: a headline or a list
    return names


def _lowercase_words(lines: list[str]) -> frozenset[str]:
    """Words the page writes in lower case somewhere (names almost never are)."""
    return frozenset(w for line in lines for w in line.split() if w.islower() and len(w) > 2)
