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
from itertools import chain

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
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")
_CONNECTORS = frozenset(("of", "for", "the"))
_PARTICLES = frozenset(
    ("de", "von", "van", "der", "den", "al", "bin", "da", "dos", "du", "la", "le", "del")
)


def _by_length(words: frozenset[str]) -> list[list[str]]:
    """`words` grouped by length (a look-behind alternation needs one width)."""
    lengths = sorted({len(w) for w in words})
    return [[w for w in words if len(w) == n] for n in lengths]


# a word right before a name that makes it an organisation ("the newspaper La Stampa")
_ORG_CONTEXT = frozenset(
    _words(
        "newspaper outlet magazine agency broadcaster channel daily paper publication website "
        "company firm group organisation organization party bank network tank portal"
    )
)
_SPAN = re.compile(  # the look-behind sits after the first letter: the scan skips to capitals
    rf"[{_UP}](?<![\w'’-][{_UP}])[\w'’.-]*"
    rf"(?:(?:\s+(?:of|for|de|von|van|der|den|al|bin|da|dos|du|la|le|del)(?:\s+the)?)?"
    rf"\s+{_TOKEN})*"
)


def _case_free(letters: set[str]) -> str:
    """A character class of `letters` in either case (K: the Kelvin sign lowers to k)."""
    both = letters | {c.upper() for c in letters} | ({"\u212a"} if "k" in letters else set())
    return "".join(sorted(both))


# A text where some capital follows two spaces, or one space after a context word (in any
# case: the word is lowered); only these texts have their span starts looked up, and
# `_org_context` decides. A class look-behind on the word's last two letters goes first:
# it rejects most capitals cheaply.
_MAYBE_CONTEXT = re.compile(
    rf"[{_UP}](?:(?<=\s\s[{_UP}])"
    rf"|(?<=[{_case_free({w[-2] for w in _ORG_CONTEXT})}]"
    rf"[{_case_free({w[-1] for w in _ORG_CONTEXT})}]\s[{_UP}])(?:"
    + "|".join(
        rf"(?<=(?i:{'|'.join(sorted(words))})\s[{_UP}])" for words in _by_length(_ORG_CONTEXT)
    )
    + "))"
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


def _span_tokens(span: str) -> list[str]:
    """The cleaned words of a capitalised span."""
    return [_clean(t) for t in span.split()]


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


_IF_KNOWN = "person if known"  # a lone word: a person only as a surname seen before


def _classify(tokens: list[str], titled: bool) -> str | None:
    """The kind of a segment; `_IF_KNOWN` when that depends on the names seen so far."""
    while tokens and tokens[-1] in _CONNECTORS:
        tokens = tokens[:-1]
    if not tokens:
        return None
    name = " ".join(tokens)
    if name in ORGANISATIONS:
        return "organisation"
    if name in PLACES or tokens[-1] in PLACE_SUFFIXES and len(tokens) > 1:
        return "place"
    if any(t in ORG_WORDS for t in tokens):
        return "organisation"
    if len(tokens) == 1:
        if _ACRONYM.match(tokens[0]):
            return "organisation"
        return "person" if titled else _IF_KNOWN
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


# A span's plan: what it adds, worked out once per distinct span (names recur page after page).
# Only a lone word's fate depends on the names seen before it, so those steps stay open:
_ADD = 0  # (_ADD, (name, kind), surname or None): add the entity
_RESOLVE = 1  # (_RESOLVE, word): a titled surname -> its full name, or wait for one
_KNOWN = 2  # (_KNOWN, word, name): a person only if `word` is a known surname
Step = tuple
MAX_PLANS = 65536  # per org-context flag; the cache is emptied when it is full
_plans: tuple[dict[str, tuple[Step, ...]], dict[str, tuple[Step, ...]]] = ({}, {})


def _add(name: str, kind: str) -> Step:
    return (_ADD, (name, kind), name.split()[-1] if kind == "person" else None)


def _plan(span: str, org_context: bool) -> tuple[Step, ...]:
    """The steps of one capitalised span: its cut, classed segments, in order."""
    tokens = _span_tokens(span)
    if org_context and len(tokens) <= 4:
        return (_add(" ".join(tokens), "organisation"),)
    while tokens and tokens[0] in NOT_NAMES:
        tokens = tokens[1:]
    name = " ".join(tokens)
    if name in ORGANISATIONS or name in PLACES:
        return (_add(name, "organisation" if name in ORGANISATIONS else "place"),)
    if len(tokens) > 1 and tokens[-1] in ORG_WORDS:  # "Defense Ministry", "Armed Forces"
        return (_add(name, "organisation"),)
    steps: list[Step] = []
    for seg, titled in _segments(tokens):
        kind = _classify(seg, titled)
        if kind is None:
            continue
        name = " ".join(seg)
        if kind is _IF_KNOWN:  # ("Crosetto said"); a trailing "of" stays in a longer name
            steps.append((_KNOWN, seg[0], name if len(seg) > 1 else None))
        elif kind == "person" and len(seg) == 1:
            steps.append((_RESOLVE, name))
        else:
            steps.append(_add(name, kind))
    return tuple(steps)


def find_entities(texts: list[str]) -> Found:
    """Named entities in `texts` (paragraphs), surnames folded into full names."""
    found = Found()
    entities = found.entities
    surnames = found.surnames
    pending: list[str] = []  # lone surnames seen before their full name
    for step in chain.from_iterable(_span_plans(_SEPARATOR.join(texts))):
        if step[0] == _ADD:
            key = step[1]
            if key not in entities:  # Found.add, inlined
                entities[key] = None
                if step[2] is not None:
                    surnames.setdefault(step[2], key[0])
            continue
        word = step[1]
        full = surnames.get(word)
        if full is None:
            if step[0] == _RESOLVE:
                pending.append(word)
            continue
        if step[0] == _KNOWN and step[2] is not None:
            full = step[2]
        found.add(full, "person")
    for surname in pending:  # "Zelensky" before "Volodymyr Zelensky"
        if surname not in found.surnames:
            continue
        found.add(found.surnames[surname], "person")
    return found


# Texts are scanned as one string. No span crosses this, and a word before a span never
# reaches into the previous text: "\x00" is neither a word character nor a space, so the
# last word before a text's first span is "\x00" at most, as if nothing stood before it.
_SEPARATOR = "\n\x00\n"


def _span_plans(text: str) -> list[tuple[Step, ...]]:
    """The plan of each capitalised span of `text`, in order."""
    if _MAYBE_CONTEXT.search(text) is None:
        spans = _SPAN.findall(text)
        plans = list(map(_plans[False].get, spans))
        if None in plans:
            for i, span in enumerate(spans):
                if plans[i] is None:
                    plans[i] = _planned(span, False)
        return plans
    return [_planned(m[0], _org_context(text, m.start())) for m in _SPAN.finditer(text)]


def _planned(span: str, org_context: bool) -> tuple[Step, ...]:
    plans = _plans[org_context]
    plan = plans.get(span)
    if plan is None:
        if len(plans) >= MAX_PLANS:
            plans.clear()
        plan = plans[span] = _plan(span, org_context)
    return plan


def _org_context(text: str, start: int) -> bool:
    """Whether the word before `start` makes the span an organisation ("the newspaper X")."""
    before = text[max(0, start - 20) : start].rsplit(None, 1)
    return bool(before) and before[-1].lower() in _ORG_CONTEXT


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
