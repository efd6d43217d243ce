"""Text identity: the normalisation behind content hashes and live-item ids.

Normalised text is Unicode NFKC with every run of whitespace folded to one space and the ends
trimmed. Case is kept: a content hash names one exact version of a text, and a change of case
is still an edit (near-duplicate detection folds case separately, see `shingles`). NFKC maps
no-break and other typographic spaces to U+0020, so folding ASCII whitespace afterwards covers
them; U+2028/U+2029 are not folded. One vectorised implementation serves both the scalar and
the Arrow entry points, so a body hashes the same whichever way it is asked.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

LIVE_SEPARATOR = "\x1f"  # joins headline and body: "a b" + "c" and "a" + "b c" stay apart


def normalised_words(texts: pa.Array | pa.ChunkedArray) -> pa.ListArray:
    """NFKC, then split on ASCII whitespace: one list of words per text (null stays null).

    An empty or all-space text gives `[""]`, so it still hashes (to the hash of "").
    """
    return pc.ascii_split_whitespace(pc.ascii_trim_whitespace(pc.utf8_normalize(texts, "NFKC")))


def normalise(text: str) -> str:
    """The normalised form of one text (NFKC, whitespace folded, case kept)."""
    words = normalised_words(pa.array([text], pa.string()))
    return " ".join(words[0].as_py())


def hashes_of_words(words: pa.ListArray | pa.ChunkedArray) -> list[str | None]:
    """xxh128 hex digest of each list of words joined by single spaces (null -> None)."""
    joined = pc.binary_join(words, " ")
    if isinstance(joined, pa.ChunkedArray):
        joined = joined.combine_chunks()
    if len(joined) == 0:
        return []
    _, offsets_buf, data_buf = joined.buffers()
    offsets = np.frombuffer(offsets_buf, np.int32)[joined.offset : joined.offset + len(joined) + 1]
    data = memoryview(data_buf) if data_buf is not None else memoryview(b"")
    valid = joined.is_valid().to_numpy(zero_copy_only=False)
    digest = xxhash.xxh3_128_hexdigest
    return [
        digest(data[a:b]) if ok else None
        for a, b, ok in zip(
            offsets[:-1].tolist(), offsets[1:].tolist(), valid.tolist(), strict=True
        )
    ]


def content_hashes(bodies: pa.Array | pa.ChunkedArray) -> pa.Array:
    """xxh128 of each normalised body, as a string array (null body -> null hash)."""
    return pa.array(hashes_of_words(normalised_words(bodies)), pa.string())


def content_hash(body: str) -> str:
    """xxh128 hex digest of the normalised body (identical normalised text, identical hash)."""
    return content_hashes(pa.array([body], pa.string()))[0].as_py()


def live_item_id(headline: str, body: str) -> str:
    """Identity of a live-feed item: xxh128 of its normalised headline and body.

    Exact-text identity on purpose: two items differing only in a figure (a new daily loss
    count) are different reports and must never merge.
    """
    text = normalise(headline) + LIVE_SEPARATOR + normalise(body)
    return xxhash.xxh3_128_hexdigest(text.encode())
