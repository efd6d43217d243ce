"""The entity finder against a plain reference: the same rules, span by span, nothing cached.

`find_entities` scans a page as one string, plans each distinct span once and looks span
starts up only where a context word may stand before one; the reference below walks every
paragraph with positions, as the finder did before those shortcuts. Both must give the same
rows in the same order, on invented text only.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from transforms.extract import entities as E
from transforms.extract.gazetteer import NOT_NAMES, ORG_WORDS, ORGANISATIONS, PLACE_SUFFIXES, PLACES
from transforms.records import ParsedPage

SPAN = re.compile(  # the span pattern with its look-behind in front, as first written
    rf"(?<![\w'’-]){E._TOKEN}(?:(?:\s+(?:of|for|de|von|van|der|den|al|bin|da|dos|du|la|le|del)"
    rf"(?:\s+the)?)?\s+{E._TOKEN})*"
)


def classify(tokens: list[str], titled: bool, surnames: dict[str, str]) -> str | None:
    while tokens and tokens[-1] in E._CONNECTORS:
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
        if E._ACRONYM.match(tokens[0]):
            return "organisation"
        return "person" if tokens[0] in surnames or titled else None
    if any(t in E._CONNECTORS for t in tokens) or not 2 <= len(tokens) <= 4:
        return None
    if tokens[0][0].isupper() and all(
        (t[0].isupper() and not t.isupper()) or t in E._PARTICLES for t in tokens
    ):
        return "person"
    return None


def reference(texts: list[str]) -> list[tuple[str, str]]:
    found = E.Found()
    pending: list[str] = []
    for text in texts:
        for m in SPAN.finditer(text):
            before = text[max(0, m.start() - 20) : m.start()].rsplit(None, 1)
            tokens = [E._clean(t) for t in m[0].split()]
            if before and before[-1].lower() in E._ORG_CONTEXT and len(tokens) <= 4:
                found.add(" ".join(tokens), "organisation")
                continue
            while tokens and tokens[0] in NOT_NAMES:
                tokens = tokens[1:]
            name = " ".join(tokens)
            if name in ORGANISATIONS or name in PLACES:
                found.add(name, "organisation" if name in ORGANISATIONS else "place")
                continue
            if len(tokens) > 1 and tokens[-1] in ORG_WORDS:
                found.add(name, "organisation")
                continue
            for seg, titled in E._segments(tokens):
                kind = classify(seg, titled, found.surnames)
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
    for surname in pending:
        if surname in found.surnames:
            found.add(found.surnames[surname], "person")
    return list(found.entities)


# Invented text: every shape the finder handles, and the edges of its shortcuts.
PAGES = [
    [
        "Tarvian Defense Minister Orla Venkat met NATO envoys in Kyiv on Tuesday.",
        "Venkat told the newspaper Morning Lantern that the Defense Ministry needs shells.",
        "The talks in Warsaw included the European Union, Ukraine and the Bank of Kyiv.",
    ],
    [
        "Brenner said the plan was sound.",  # a lone surname before the full name
        "Later, Deputy Mayor Ilse Brenner's office confirmed it; Gen. Brenner agreed.",
        "President Quill spoke; Quill's aides and Quill left.",  # titled, never resolved
    ],
    [
        "the broadcaster Radio Velt aired it",  # a context word, then a name
        "the paper  Daily Fennel said so",  # two spaces
        "the pAPER Blue Heron and the pArTy Green Wave",  # any case
        "the ban\u212a North Ledger",  # the Kelvin sign lowers to k
        "supernewspaper Pale Finch",  # the word before is longer than a context word
        "newspaper" + " " * 12 + "Far Finch",  # the 20-character window cuts the word ...
        "xx" + "newspaper" + " " * 11 + "Cut Finch",  # ... to exactly a context word
        "newspaper" + " " * 25 + "Lone Finch",  # the window sees only spaces
        "group",  # a context word ending one paragraph ...
        "Hollis Marr arrived.",  # ... does not reach into the next one
        "  \tOrtun Saale spoke",  # spaces only before the first span
        "the newspaper Alpha Beta Gamma Delta Epsilon ran it",  # more than four words
    ],
    [
        "University of The Hague scholars met Professor Anka Drell in Tarvia.",
        "Drell of The Hague said the Ministry of Foreign Affairs was late.",
        "Wren Ambley-Frost and Jo de la Vega joined Ibsen von Harl at Lake Tarn Island.",
        "U.S. officials and the UN met in Sea of Azov ports; EU, OSCE and IMF too.",
        "Ambley-Frost’s remarks and Vega’s reply: “Ambley-Frost said no,” Harl noted.",
        "",
        "Kharkiv Oblast, Saint Petersburg, Black Sea Fleet and Armed Forces of Tarvia.",
    ],
]


def page(paragraphs: list[str], tags: list[str] | None = None) -> ParsedPage:
    return ParsedPage("d", "d.txt", "x", date(2024, 1, 1), paragraphs=paragraphs, tags=tags or [])


@pytest.fixture(autouse=True)
def _cold() -> None:
    """Each test starts and ends with empty caches, so none serves another."""
    for plans in E._plans:
        plans.clear()
    E._cached.cache_clear()
    yield
    for plans in E._plans:
        plans.clear()
    E._cached.cache_clear()


@pytest.mark.parametrize("texts", PAGES)
def test_same_entities_as_the_reference(texts: list[str]) -> None:
    want = reference(texts)
    assert list(E.find_entities(texts).entities) == want
    assert list(E.find_entities(texts).entities) == want  # again, from the planned spans


def test_the_cases_come_out_as_intended() -> None:
    """The invented pages do exercise what they are meant to (else equality proves little)."""
    first = reference(PAGES[0])
    assert ("Orla Venkat", "person") in first
    assert ("Morning Lantern", "organisation") in first  # after "the newspaper"
    assert ("Defense Ministry", "organisation") in first
    assert ("Bank of Kyiv", "organisation") in first
    assert ("Venkat", "person") not in first  # folded into the full name
    second = reference(PAGES[1])
    assert ("Ilse Brenner", "person") in second  # possessive cut, titles stripped
    assert ("Brenner", "person") not in second
    assert not any(name == "Quill" for name, _ in second)  # a titled surname never resolved
    contexts = reference(PAGES[2])
    for name in ("Radio Velt", "Daily Fennel", "Blue Heron", "Green Wave", "North Ledger"):
        assert (name, "organisation") in contexts
    assert ("Cut Finch", "organisation") in contexts  # the cut window reads "newspaper"
    for name in ("Pale Finch", "Far Finch", "Lone Finch"):
        assert (name, "person") in contexts
    assert ("Hollis Marr", "person") in contexts
    assert ("Ortun Saale", "person") in contexts
    assert ("Drell of", "person") in reference(PAGES[3])  # a trailing "of" kept


def test_context_words_in_every_spelling_match_the_reference() -> None:
    rng = random.Random(7)
    for word in sorted(E._ORG_CONTEXT):
        for variant in (word, word.upper(), word.capitalize(), word.replace("k", "\u212a")):
            for gap in (" ", "  ", "\n", " \t "):
                texts = [f"{rng.choice(['', 'so the ', 'x.'])}{variant}{gap}Calla Brook wrote"]
                assert list(E.find_entities(texts).entities) == reference(texts), texts


VOCABULARY = (
    "the a said in of for de la von al and newspaper paper group bank party said: The In "
    "President Minister Defense Gen. Dr. Tarvian Ukrainian Kyiv Warsaw Tarvia Oblast River "
    "NATO EU UN U.S. Ministry Council Times Brook Calla Venkat Orla Ilse Brenner Quill "
    "Drell Anka Harl Ibsen Vega Jo Monday March Gazette Bank-Alpha O’Neil Marr’s Venkat's "
    "Lake Hague University Institute “Venkat ” , . ; : ( )"
)
WORDS = VOCABULARY.split()
GAPS = (" ", " ", " ", "  ", "\n", " \t", "")


def invented_paragraph(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 40)):
        parts.append(rng.choice(WORDS))
        parts.append(rng.choice(GAPS))
    return "".join(parts)


def test_random_invented_pages_match_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(E, "MAX_PLANS", 50)  # the plan cache fills and empties on the way
    rng = random.Random(20261125)
    for _ in range(400):
        texts = [invented_paragraph(rng) for _ in range(rng.randint(0, 6))]
        assert list(E.find_entities(texts).entities) == reference(texts), texts
    assert all(len(plans) <= 50 for plans in E._plans)


def test_rows_text_mentions_then_distinct_tags() -> None:
    rows = E.extract_entities(page(PAGES[0], ["Energy", "Tarvia", "Energy"]), "a1")
    want = [(name, kind, "text") for name, kind in reference(PAGES[0])]
    want += [("Energy", "topic", "tag"), ("Tarvia", "topic", "tag")]
    assert [(r.entity, r.kind, r.origin) for r in rows] == want
    assert {r.article_id for r in rows} == {"a1"}
