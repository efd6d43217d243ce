"""People, places and organisations named in an article, plus its tags as topics.

No NER model: offline NER libraries on PyPI need a model download, so names are found by
their shape. A capitalised span is cut at titles and nationality words ("Italian Defense
Minister | Guido Crosetto"), then classed by our gazetteer (`gazetteer.py`), by organisation
words (Ministry, Council, Times, ...), by a word before it ("the newspaper La Stampa"), and
otherwise as a person when it has two to four name-shaped words. A lone surname later in the
text ("Crosetto said") is folded into the full name seen earlier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.extract.gazetteer import (
    DEMONYMS,
    NOT_NAMES,
    ORG_WORDS,
    ORGANISATIONS,
    PLACE_SUFFIXES,
    PLACES,
    TITLES,
)
from transforms.records import Entity, ParsedPage


def _words(text: str) -> list[str]:
    return text.split()


_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĽŁŃŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_TOKEN = rf"[{_UP}][\w'’.-]*"
_SPAN = re.compile(
    rf"(?<![\w'’-]){_TOKEN}(?:(?:\s+(?:of|for|de|von|van|der|den|al|bin|da|dos|du|la|le|del)"
    rf"(?:\s+the)?)?\s+{_TOKEN})*"
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")
_CONNECTORS = frozenset(("of", "for", "the"))
_PARTICLES = frozenset(
    ("de", "von", "van", "der", "den", "al", "bin", "da", "dos", "du", "la", "le", "del")
)
# a word right before a name that makes it an organisation ("the newspaper La Stampa")
_ORG_CONTEXT = frozenset(
    _words(
        "newspaper outlet magazine agency broadcaster channel daily paper publication website "
        "company firm group organisation organization party bank network tank portal"
    )
)
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(slots=True)
class Found:
    """Entities of one text in order of first mention, and the surname -> full-name map."""

    entities: dict[tuple[str, str], None] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, kind: str) -> None:
        self.entities.setdefault((name, kind), None)
        if kind == "person":
            self.surnames.setdefault(name.split()[-1], name)

    @property
    def people(self) -> list[str]:
        return [n for n, k in self.entities if k == "person"]


def _clean(token: str) -> str:
    if token.count(".") >= 2 or token in TITLES:  # U.S., Gen.
        return token
    token = token.rstrip(".,;:")
    return _POSSESSIVE.sub("", token) if token.endswith(("'s", "’s", "'", "’")) else token


@lru_cache(maxsize=65536)
def _span_tokens(span: str) -> tuple[str, ...]:
    """The cleaned words of a capitalised span (the same names recur on page after page)."""
    return tuple(_clean(t) for t in span.split())


def _segments(tokens: list[str]) -> list[tuple[list[str], bool]]:
    """Cut a span at titles, nationality words and sentence words; flag segments after a title."""
    out: list[tuple[list[str], bool]] = []
    current: list[str] = []
    titled = False
    for tok in tokens:
        if tok in TITLES or tok in DEMONYMS or tok in NOT_NAMES:
            if current:
                out.append((current, titled))
                current = []
            titled = tok in TITLES
            continue
        current.append(tok)
    if current:
        out.append((current, titled))
    return out


def _classify(tokens: list[str], titled: bool, org_context: bool, found: Found) -> str | None:
    name = " ".join(tokens)
    while tokens and tokens[-1] in _CONNECTORS:
        tokens = tokens[:-1]
        name = " ".join(tokens)
    if not tokens:
        return None
    if name in ORGANISATIONS:
        return "organisation"
    if name in PLACES or tokens[-1] in PLACE_SUFFIXES and len(tokens) > 1:
        return "place"
    if org_context or any(t in ORG_WORDS for t in tokens):
        return "organisation"
    if len(tokens) == 1:
        tok = tokens[0]
        if _ACRONYM.match(tok):
            return "organisation"
        if tok in found.surnames or titled:
            return "person"
        return None
    if any(t in _CONNECTORS for t in tokens) or not 2 <= len(tokens) <= 4:
        return None
    if tokens[0][0].isupper() and all(
        (t[0].isupper() and not t.isupper()) or t in _PARTICLES for t in tokens
    ):
        return "person"
    return None


def page_entities(page: ParsedPage) -> Found:
    """Entities of the headline and body; quotes and entities of one page share the work."""
    texts = ((page.headline,) if page.headline else ()) + tuple(page.paragraphs)
    return _cached(texts)


@lru_cache(maxsize=32)
def _cached(texts: tuple[str, ...]) -> Found:
    return find_entities(list(texts))


def find_entities(texts: list[str]) -> Found:
    """Named entities in `texts` (paragraphs), surnames folded into full names."""
    found = Found()
    pending: list[str] = []  # lone surnames seen before their full name
    for text in texts:
        for m in _SPAN.finditer(text):
            before = text[max(0, m.start() - 20) : m.start()].rsplit(None, 1)
            tokens = list(_span_tokens(m[0]))
            org_context = bool(before) and before[-1].lower() in _ORG_CONTEXT
            if org_context and len(tokens) <= 4:
                found.add(" ".join(tokens), "organisation")
                continue
            while tokens and tokens[0] in NOT_NAMES:
                tokens = tokens[1:]
            name = " ".join(tokens)
            if name in ORGANISATIONS or name in PLACES:
                found.add(name, "organisation" if name in ORGANISATIONS else "place")
                continue
            if len(tokens) > 1 and tokens[-1] in ORG_WORDS:  # "Defense Ministry", "Armed Forces"
                found.add(name, "organisation")
                continue
            for seg, titled in _segments(tokens):
                kind = _classify(seg, titled, False, found)
                if kind is None:
                    continue
                name = " ".join(seg)
                if kind == "person" and len(seg) == 1:
                    full = found.surnames.get(name)
                    if full is None:
                        pending.append(name)
                        continue
                    name = full
                found.add(name, kind)
    for surname in pending:  # "Zelensky" before "Volodymyr Zelensky"
        if surname not in found.surnames:
            continue
        found.add(found.surnames[surname], "person")
    return found


def extract_entities(page: ParsedPage, article_id: str) -> list[Entity]:
    """One row per distinct entity of the article: text mentions, then tags as topics."""
    found = page_entities(page)
    rows = [Entity(article_id, name, kind, "text") for name, kind in found.entities]
    seen: set[str] = set()
    for tag in page.tags:
        if tag not in seen:
            seen.add(tag)
            rows.append(Entity(article_id, tag, "topic", "tag"))
    return rows
