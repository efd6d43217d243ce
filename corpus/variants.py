"""Re-captures and bad files, made from articles and rendered pages.

Edits are small and always change the text: a number nudged, a word swapped, or a sentence
appended to one body paragraph. Trimmed pages are cut mid-line after at least 70% of the page, on
a character boundary (so they still decode). Bad files are meant to be quarantined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from random import Random

from corpus.text import Draw, Head, pick

_NUMBER = re.compile(r"\b(\d{1,3})\b(?!,\d)")
_SWAPS = (
    (" said that ", " stated that "),
    (" recently ", " last week "),
    (" also ", " "),
    (" would ", " could "),
    (" urgently ", " "),
    (" several ", " a number of "),
    (" repeatedly ", " "),
    (" told ", " said to "),
)
_APPENDED = (
    "Officials did not provide further details.",
    "The claim could not be independently verified.",
    "The ministry later confirmed the information.",
    "No further details were immediately available.",
)
_ADDED = (
    "{spk_sur}'s office later said the remarks had been taken out of context.",
    "Update: This story has been updated with additional comments from {spk_sur}.",
    "{Pron} is expected to discuss the issue with partners at a meeting in Brussels later "
    "this week.",
    "In a statement released on {d0}, the ministry confirmed the figures and said more "
    "information would follow.",
    "{spk2_name} did not respond to a request for comment.",
    "The issue is set to be raised again when ministers meet next month, according to "
    "{outlet_name}.",
)


def edit_paragraph(paragraphs: Sequence[str], rng: Random) -> tuple[str, ...]:
    """Change one body paragraph (never the lede): a number, a word, or an added sentence."""
    out = list(paragraphs)
    plain = [k for k, p in enumerate(out) if k and "“" not in p and '"' not in p] or [0]
    k = pick(plain, rng)
    para = out[k]
    how = rng.random()
    match = _NUMBER.search(para)
    if how < 0.4 and match:
        value = int(match.group(1))
        new = str(value + 1 + int(rng.random() * 3))
        para = para[: match.start()] + new + para[match.end() :]
    elif how < 0.75 and any(old in para for old, _ in _SWAPS):
        old, new = next(pair for pair in _SWAPS if pair[0] in para)
        para = para.replace(old, new, 1)
    else:
        para = f"{para} {pick(_APPENDED, rng)}"
    out[k] = para
    return tuple(out)


def add_paragraph(paragraphs: Sequence[str], head: Head, rng: Random) -> tuple[str, ...]:
    """Insert one new paragraph after the second paragraph or later."""
    out = list(paragraphs)
    text = Draw(head.ctx, {}, rng)(pick(_ADDED, rng))
    at = 2 + int(rng.random() * max(1, len(out) - 2))
    out.insert(min(at, len(out)), text)
    return tuple(out)


def trim(text: str, rng: Random) -> str:
    """Cut the page between 70% and 97% of its length, inside a line."""
    cut = int(len(text) * (0.7 + 0.27 * rng.random()))
    while cut < len(text) - 1 and (text[cut] == "\n" or text[cut - 1] == "\n"):
        cut += 1
    return text[:cut]


def truncated_head(text: str, rng: Random) -> bytes:
    """Header and the first line or two, cut mid-line: no headline or body survives."""
    first = text.index("\n")
    cut = first + 5 + int(rng.random() * 30)
    while text[cut - 1] == "\n" or text[cut] == "\n":
        cut += 1
    return text[:cut].encode("utf-8")


def cp1252_crlf(text: str) -> bytes | None:
    """windows-1252 with CRLF line ends, or None when the text has characters it lacks."""
    try:
        return text.replace("\n", "\r\n").encode("cp1252")
    except UnicodeEncodeError:
        return None


def utf16_bom(text: str) -> bytes:
    """UTF-16 little-endian with a byte order mark."""
    return b"\xff\xfe" + text.encode("utf-16-le")


def binary(rng: Random) -> bytes:
    """A PNG signature and IHDR chunk start, then random bytes."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(2000 + int(rng.random() * 8000))


def undecodable(header: str, rng: Random) -> bytes:
    """The capture header, then ASCII fragments among bytes invalid in UTF-8 and cp1252."""
    chunks = [header.encode("ascii"), b"\n"]
    junk = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d", b"\x00", b"\xc3\x28", b"\xff\xfe\xfd")
    words = (b"Ukr", b"ain", b"e ", b"dat", b"a ", b"\xe2\x80", b"--", b"\r")
    for _ in range(400 + int(rng.random() * 800)):
        chunks.append(
            junk[int(rng.random() * len(junk))]
            if rng.random() < 0.5
            else words[int(rng.random() * len(words))]
        )
        if rng.random() < 0.3:
            chunks.append(rng.randbytes(1 + int(rng.random() * 6)))
    return b"".join(chunks)


def mixed(text: str, rng: Random) -> bytes:
    """UTF-8 except one line with curly quotes or apostrophes, which is windows-1252."""
    lines = text.split("\n")
    candidates = [k for k, line in enumerate(lines) if k and ("“" in line or "’" in line)]
    k = pick(candidates, rng) if candidates else len(lines) // 2
    parts = [line.encode("utf-8") for line in lines]
    parts[k] = (lines[k] + ("" if candidates else " – café")).encode("cp1252", "replace")
    return b"\n".join(parts)
