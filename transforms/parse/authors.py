"""Author names from bylines: prefixes, roles and agencies dropped, repeats folded.

A card or box that prints the site name and the author with no space between them
(`The Kyiv IndependentAlexander Khrebet`) is split when the site name is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def _words(text: str) -> list[str]:
    return text.split()


_PREFIX = re.compile(
    r"^(?:(?:written|posted|words|text|story|reporting|report|published|photos?|"
    r"geschrieben|verfasst|publié|escrito|scritto|napisał[a]?|opublikowane)\s+)?"
    r"(?:by|von|par|por|przez|av|door|af|от|автор|autor(?:in|a)?|author|"
    r"auteur|texte?|texto|testo|redakcja|text und fotos?)\b\s*:?\s*",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s*(?:[,;&|·•]|\s(?:and|und|et|y|e|i|oraz|и|og|en|és|ja|och)\s|\s/\s)\s*", re.IGNORECASE
)
ROLES = frozenset(
    _words(
        "reporter senior-reporter editor deputy-editor editor-in-chief chief-editor "
        "news-editor managing-editor staff-writer staff writer correspondent columnist "
        "contributor journalist photographer photojournalist author analyst intern producer "
        "host editors staff contributing-writer senior-writer senior-editor features-editor "
        "opinion-editor redakteur redakteurin korrespondent korrespondentin autor autorin "
        "redaktion journaliste rédacteur rédactrice correspondant correspondante periodista "
        "redactor redactora corresponsal redattore giornalista dziennikarz dziennikarka "
        "redaktor phd md dr prof"
    )
)
AGENCIES = frozenset(
    _words(
        "dpa afp ap reuters ansa efe apa sda kna epd upi pap tass ukrinform interfax "
        "bloomberg dpa-afx ats keystone-sda belga anp tt ntb ritzau"
    )
)
_PARTICLES = frozenset(
    _words("van von de da del der den di du la le bin ibn al el y dos das do ten ter zu af st. mc")
)
_CAPITAL = re.compile(r"^[\"'(]?[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҐ]")
_BAD = re.compile(r"\d|@|https?:|www\.|\.com\b")


def looks_like_name(piece: str) -> bool:
    """1-5 words, each capitalised or a name particle, no digits or addresses."""
    words = piece.split()
    if not 1 <= len(words) <= 5 or len(piece) > 60 or _BAD.search(piece):
        return False
    caps = sum(1 for w in words if _CAPITAL.match(w))
    return caps >= 1 and all(_CAPITAL.match(w) or w.lower() in _PARTICLES for w in words)


def split_fused(piece: str, site_names: Iterable[str]) -> str:
    """`The Kyiv IndependentAlexander Khrebet` -> `Alexander Khrebet` for a known site name."""
    for site in site_names:
        if site and piece.startswith(site) and len(piece) > len(site):
            rest = piece[len(site) :].strip(" -–|,")
            if rest:
                return rest
    return piece


def _is_role(piece: str) -> bool:
    key = piece.lower().strip(" .:").replace(" ", "-")
    return key in ROLES or piece.lower().strip(" .:") in ROLES


def normalise_authors(
    raw: str | Iterable[str], site_names: Iterable[str] = (), strict: bool = False
) -> list[str]:
    """Clean author names from one byline string or several name strings.

    `strict` keeps only pieces that look like personal names (used on unlabelled lines).
    """
    sites = tuple(site_names)
    if isinstance(raw, str) and len(raw) <= MAX_CACHED_BYLINE:
        return list(_normalised_byline(raw, sites, strict))
    return _normalise(raw, sites, strict)


MAX_CACHED_BYLINE = 200  # a site's bylines recur: the same authors page after page


@lru_cache(maxsize=1 << 14)
def _normalised_byline(raw: str, sites: tuple[str, ...], strict: bool) -> tuple[str, ...]:
    return tuple(_normalise(raw, sites, strict))


normalised_byline_cache = _normalised_byline  # for `transforms.parse.clear_caches`


def _normalise(raw: str | Iterable[str], sites: tuple[str, ...], strict: bool) -> list[str]:
    texts = [raw] if isinstance(raw, str) else list(raw)
    pieces: list[str] = []
    for text in texts:
        text = _PREFIX.sub("", text.strip(), count=1)
        pieces.extend(_SPLIT.split(text))
    names: list[str] = []
    agencies: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        piece = split_fused(piece.strip(" .:-–—()[]\"'"), sites)
        piece = _PREFIX.sub("", piece, count=1).strip(" .:")
        if not piece or _is_role(piece):
            continue
        if piece.lower() in AGENCIES:
            agencies.append(piece)
            continue
        if strict and (not looks_like_name(piece) or piece.startswith("The ")):
            continue
        if piece in sites:
            continue
        key = piece.casefold()
        if key not in seen:
            seen.add(key)
            names.append(piece)
    return names or agencies[:1]
