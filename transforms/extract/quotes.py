"""Direct quotations with their speaker and speech verb.

Three shapes, the ones news prose uses: `“...,” Crosetto said`, `“...,” said Crosetto`, and
`Crosetto told La Stampa: “...”`. The speaker is the capitalised name beside the verb with
titles stripped, folded into the full name the article used earlier ("Crosetto" -> "Guido
Crosetto"); "he"/"she" is the previous quotation's speaker. Quotes without a named or
resolvable speaker are left out rather than guessed.
"""

from __future__ import annotations

import re

from transforms.extract.entities import page_entities
from transforms.extract.gazetteer import DEMONYMS, TITLES
from transforms.records import ParsedPage, Quote

VERBS = (
    "said|says|told|tells|added|adds|noted|notes|stated|states|wrote|writes|explained|argued|"
    "warned|asked|replied|claimed|insisted|stressed|emphasized|emphasised|declared|announced|"
    "admitted|continued|remarked|tweeted|posted|commented|urged|concluded|recalled|believes|"
    "acknowledged|confirmed|suggested|pointed out|according to"
)
_PARTICLE = r"(?:de|von|van|der|den|al|bin|da|dos|la|le|del|di|du)"
_NAME = (
    rf"(?:{_PARTICLE}\s+)?[A-ZÀ-Þ][\w'’.-]+"
    rf"(?:\s+(?:{_PARTICLE}\s+)?[A-ZÀ-Þ][\w'’.-]+){{0,5}}"
)
_QUOTE = re.compile(r"[“\"„«](?P<q>[^”“\"„«»]{12,}?)[”\"“»]")
_AFTER_NAME_VERB = re.compile(
    rf"^\s*,?\s*(?P<who>{_NAME}|[Hh]e|[Ss]he|[Tt]hey)\s+(?P<verb>{VERBS})\b"
)
_AFTER_VERB_NAME = re.compile(rf"^\s*,?\s*(?P<verb>{VERBS})\s+(?P<who>{_NAME})")
_BEFORE = re.compile(
    rf"(?P<who>{_NAME}|[Hh]e|[Ss]he)\s+(?P<verb>{VERBS})\b(?:\s+[\w'’.-]+){{0,6}}?\s*[:,]\s*$"
)
_TRAILING = re.compile(r"(?<!\.\.)[,.]$")  # the comma or period closing the quoted sentence
_PRONOUNS = frozenset({"he", "she", "they"})


def _strip_titles(who: str) -> str:
    words = who.replace("’s", "").replace("'s", "").split()
    while len(words) > 1 and (words[0] in TITLES or words[0] in DEMONYMS or words[0] == "The"):
        words = words[1:]
    return " ".join(words)


def _resolve(speaker: str, surnames: dict[str, str]) -> str:
    """A surname (or "de Groot") -> the full name the article used for that person."""
    full = surnames.get(speaker) or surnames.get(speaker.split()[-1])
    if full and full.casefold().endswith(speaker.casefold()):
        return full
    return speaker[0].upper() + speaker[1:]


def extract_quotes(page: ParsedPage, article_id: str) -> list[Quote]:
    """Attributed direct quotations of the article body, in order."""
    surnames = page_entities(page).surnames
    quotes: list[Quote] = []
    last_speaker: str | None = None
    for para in page.paragraphs:
        for m in _QUOTE.finditer(para):
            after = para[m.end() : m.end() + 120]
            before = para[max(0, m.start() - 120) : m.start()]
            hit = (
                _AFTER_NAME_VERB.match(after)
                or _AFTER_VERB_NAME.match(after)
                or _BEFORE.search(before)
            )
            if hit is None:
                continue
            who = hit["who"]
            if who.lower() in _PRONOUNS:
                if last_speaker is None or who.lower() == "they":
                    continue
                speaker = last_speaker
            else:
                speaker = _resolve(_strip_titles(who), surnames)
            text = _TRAILING.sub("", m["q"].strip())
            quotes.append(Quote(article_id, speaker, text, hit["verb"]))
            last_speaker = speaker
    return quotes
