"""Dedupe settings: one frozen object, one documented line per field, named presets."""

from __future__ import annotations

from dataclasses import dataclass

import rensa

from transforms.dedupe.shingles import TOKENS_VERSION


@dataclass(frozen=True, slots=True)
class DedupeConfig:
    shingle_words: int = 5  # words per shingle (word n-gram size)
    num_perm: int = 128  # MinHash slots per signature (uint32 each)
    bands: int = 32  # LSH bands stored per article version
    rows: int = 4  # signature slots hashed into one band; bands * rows <= num_perm
    seed: int = 42  # MinHash seed; changing it (or any field above) invalidates the stored index
    min_similarity: float = 0.5  # estimated Jaccard at or above which two bodies are one article
    max_bucket: int = 50  # band buckets holding more docs than this link as a star, not all pairs
    chunk_docs: int = 1000  # docs per vectorised chunk (small chunks avoid costly page faults)
    workers: int = 2  # threads for signatures(); Arrow and numpy release the GIL

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError("bands * rows must not exceed num_perm")
        if not 0.0 < self.min_similarity <= 1.0:
            raise ValueError("min_similarity must be in (0, 1]")
        if self.shingle_words < 1 or self.chunk_docs < 1 or self.workers < 1:
            raise ValueError("shingle_words, chunk_docs and workers must be positive")

    @property
    def sketch_id(self) -> str:
        """Names everything a stored signature depends on; stored rows must match it."""
        return (
            f"rensa-rminhash-v{rensa.RMinHash.ALGORITHM_VERSION}"
            f"/tok{TOKENS_VERSION}/perm{self.num_perm}/seed{self.seed}/w{self.shingle_words}"
            f"/b{self.bands}x{self.rows}"
        )


NEWS = DedupeConfig()  # tuned on the labelled news benchmark (bench/dedup_quality.py)
