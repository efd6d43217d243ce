"""Input formats: every kind of landed file -> documents for the parsers.

`read_documents(raw, today)` (in `dispatch`) picks the reader by name and magic bytes:

- text dumps (`.txt`): `transforms.decode`, one document;
- HTML pages (`.html`, `.htm`): `html`, one document (visible text + trafilatura metadata);
- WARC crawls (`.warc`, `.warc.gz`): `warc`, one document per HTML response record;
- JSON Lines (`.jsonl`, `.jsonl.gz`): `jsonl`, one document per line;
- any of them gzip- or zstd-compressed: `compressed`, inflated within `Limits`.

`dated.capture_date(head, path, today)` dates a file from its first bytes as its reader would
date its first document (a backfill places files by it).

Readers yield `Document`s and `Bad`s; a `Bad` with a member number costs one record or line,
one without costs the file. Nothing here raises on bad input.
"""

from transforms.formats.base import Bad, Document, HtmlMeta
from transforms.formats.dispatch import file_limit, format_of, read_documents
from transforms.limits import LIMITS, Limits

__all__ = [
    "LIMITS",
    "Bad",
    "Document",
    "HtmlMeta",
    "Limits",
    "file_limit",
    "format_of",
    "read_documents",
]
