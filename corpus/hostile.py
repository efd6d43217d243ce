"""Hostile landing-zone fixtures: each case a named file with the outcome a correct run gives it.

`write_hostile(landing, outside)` writes every case into `landing` (and the target of the
escaping symlink into `outside`) and returns the cases. Outcomes:

- ``published``: read, decoded and parsed into an article whose headline is `headline` and
  whose body contains `snippet` (verbatim: encodings round-trip, SQL and HTML stay text);
- ``duplicate``: read and folded into an identical file;
- ``quarantined``: in the ledger as quarantined, with a quarantine row of `stage` and `reason`;
- ``skipped``: never listed (names starting with "." or "_" are the scraper's temporary files).

Compressed dumps are inflated within a size limit (`transforms.formats`): a corrupt gzip is
quarantined as `corrupt_compressed` and a decompression bomb as `decompressed_too_large`,
never inflated past the limit.
Base pages are originals of the bundled sample corpus, one per case, so no two cases fold.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from random import Random

from corpus.generate import iter_dumps
from corpus.labels import Label

MAX_FILE_BYTES = 20 * 1024 * 1024  # flows.settings.Settings.max_file_bytes, its default
BOMB_BYTES = 64 * 1024 * 1024  # what the decompression bomb inflates to
SECRET = (
    b" date 2024-03-11 Skip to content\nTOP SECRET: this file lives outside the landing zone.\n"
)


@dataclass(frozen=True)
class Case:
    name: str  # path inside the landing folder as the ledger shows it
    outcome: str  # published | duplicate | quarantined | skipped
    stage: str | None = None
    reason: str | None = None
    headline: str | None = None
    snippet: str | None = None  # a piece of the body that must be stored exactly
    note: str = ""


def _bases(seed: int = 17) -> Iterator[tuple[str, Label]]:
    """Distinct original pages (text, label) of the sample corpus."""
    for dump in iter_dumps(400, seed):
        if dump.label.kind == "original":
            yield dump.data.decode("utf-8"), dump.label


def _paragraph(text: str, want: str = "") -> str:
    """A long body line of `text` (containing `want`, when given)."""
    lines = text.split("\n")
    for line in lines[8:]:
        if len(line) > 120 and want in line and not line.startswith(("by ", "Comments")):
            return line
    raise ValueError("no body paragraph")


def _cyrillic_page() -> str:
    return (
        " date 2024-03-11 Новини\n"
        "Міністр оборони заявив, що західні війська не будуть направлені\n"
        "Олена Коваленко, 11 березня 2024\n"
        "Міністр оборони заявив у понеділок, що західні війська не будуть направлені в "
        "Україну найближчим часом. Він наголосив, що рішення ухвалюватимуть разом із "
        "союзниками, а «жодних таємних планів» немає.\n"
        "Водночас у Києві тривають переговори щодо постачання нових систем протиповітряної "
        "оборони, повідомили в уряді.\n"
    )


def write_hostile(landing: Path, outside: Path, seed: int = 17) -> list[Case]:
    """Write every hostile case into `landing` (created) and return what each should become."""
    landing.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    rng = Random(seed)
    bases = _bases(seed)
    cases: list[Case] = []

    def put(name: str, data: bytes) -> None:
        target = os.path.join(os.fsencode(landing), os.fsencode(name))
        with open(target, "wb") as f:
            f.write(data)

    def published(
        name: str, data_of, note: str, want: str = "", snippet: str | None = None
    ) -> None:
        text, label = next(bases)
        while True:
            try:
                para = _paragraph(text, want)
                data = data_of(text)
                break
            except (ValueError, UnicodeEncodeError):
                text, label = next(bases)
        put(name, data)
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")  # as the ledger shows it
        cases.append(
            Case(shown, "published", headline=label.headline, snippet=snippet or para, note=note)
        )

    def quarantined(name: str, data: bytes, stage: str, reason: str, note: str) -> None:
        put(name, data)
        cases.append(Case(name, "quarantined", stage, reason, note=note))

    utf8 = str.encode
    # -- names -----------------------------------------------------------------------------
    published("name with  spaces .txt", utf8, "spaces in the name")
    published("line\nbreak.txt", utf8, "a newline in the name")
    published("новини 東京 خبر.txt", utf8, "non-Latin letters in the name")
    published("-rf --no-preserve-root.txt", utf8, "a leading dash (looks like an option)")
    published("report..2024..txt", utf8, "'..' inside the name")
    published("x'); DROP TABLE raw_files;--.txt", utf8, "SQL in the name")
    published("caf\udce9.txt", utf8, "a name that is not UTF-8 (stored as caf\\xe9.txt)")
    # -- encodings ---------------------------------------------------------------------------
    published(
        "utf16_bom.txt",
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        "UTF-16 LE with BOM",
        want="’",
    )
    published(
        "utf16_no_bom.txt", lambda t: t.encode("utf-16-be"), "UTF-16 BE without BOM", want="’"
    )
    published(
        "utf8_bom_crlf.txt",
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
        "UTF-8 with BOM and CRLF",
        want="“",
    )
    published(
        "cp1252.txt",
        lambda t: t.replace("\n", "\r\n").encode("cp1252"),
        "Windows-1252 curly quotes",
        want="“",
    )

    def mixed(text: str) -> bytes:
        para = _paragraph(text, "“")
        return text.encode().replace(para.encode(), para.encode("cp1252"))

    published("mixed_utf8_cp1252.txt", mixed, "UTF-8 with one Windows-1252 line", want="“")
    put("cp1251.txt", _cyrillic_page().encode("cp1251"))
    cases.append(
        Case(
            "cp1251.txt",
            "published",
            headline="Міністр оборони заявив, що західні війська не будуть направлені",
            snippet="а «жодних таємних планів» немає",
            note="Windows-1251 Cyrillic",
        )
    )
    # -- text that must stay text ----------------------------------------------------------
    sql = "Robert'); DROP TABLE articles;-- and ' OR '1'='1"
    published(
        "sql_injection.txt",
        lambda t: t.replace(p := _paragraph(t), f"{sql} {p}").encode(),
        "an SQL injection string in the body",
        snippet=sql,
    )
    html = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"
    published(
        "html_js.txt",
        lambda t: t.replace(p := _paragraph(t), f"{p} {html}").encode(),
        "HTML and JavaScript in the body",
        snippet=html,
    )
    # -- links, pipes ------------------------------------------------------------------------
    (outside / "secret.txt").write_bytes(SECRET)
    os.symlink(outside / "secret.txt", landing / "link_outside.txt")
    cases.append(
        Case("link_outside.txt", "quarantined", "read", "outside_landing", note="symlink escapes")
    )
    os.symlink("utf16_bom.txt", landing / "z_link_inside.txt")  # sorts after its target
    cases.append(Case("z_link_inside.txt", "duplicate", note="symlink to a file inside"))
    os.mkfifo(landing / "fifo.txt")
    cases.append(
        Case("fifo.txt", "quarantined", "read", "not_a_file", note="a named pipe (never blocks)")
    )
    # -- not text ----------------------------------------------------------------------------
    quarantined("empty.txt", b"", "decode", "empty", "zero bytes")
    quarantined("whitespace.txt", b"  \n\t\r\n \x0b ", "decode", "empty", "whitespace only")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(3000)
    quarantined("image.png", png, "decode", "binary", "a PNG")
    quarantined("random.bin", rng.randbytes(4096), "decode", "binary", "random bytes")
    text, _ = next(bases)
    cut = len(text) // 2
    quarantined(
        "nul_inside.txt",
        (text[:cut] + "\x00" + text[cut:]).encode(),
        "decode",
        "binary",
        "a NUL byte inside text",
    )
    junk = b"".join(
        rng.choice([b"\x81", b"\x8d\x8f", b"\x90", b"\x9d", b"\xc3\x28", b"\xff\xfe\xfd", b"Ukr "])
        for _ in range(600)
    )
    quarantined(
        "invalid_utf8.txt",
        b" date 2024-03-11 Skip to content\n" + junk,
        "decode",
        "undecodable",
        "bytes no text encoding explains",
    )
    corrupt = b"\x1f\x8b\x08\x00" + rng.randbytes(500)
    quarantined("corrupt.gz", corrupt, "decode", "corrupt_compressed", "a damaged gzip")
    bomb = _gzip_bomb(BOMB_BYTES)
    quarantined("bomb.gz", bomb, "decode", "decompressed_too_large", "a decompression bomb")
    # -- headers ----------------------------------------------------------------------------
    text, _ = next(bases)
    body = text.split("\n", 1)[1]
    quarantined("no_header.txt", body.encode(), "decode", "no_date_header", "no date header")
    quarantined(
        "future.txt",
        f" date 2999-01-01 {body}".encode(),
        "decode",
        "future_date_header",
        "a header date in the future",
    )
    quarantined(
        "impossible_date.txt",
        f" date 2024-02-30 {body}".encode(),
        "decode",
        "bad_date_header",
        "2024-02-30",
    )
    quarantined("one_byte.txt", b"x", "decode", "no_date_header", "a one-byte file")
    # -- size ------------------------------------------------------------------------------
    with open(landing / "too_large.txt", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk, and is never read
    cases.append(
        Case("too_large.txt", "quarantined", "read", "too_large", note="one byte over the limit")
    )
    # -- never landed ----------------------------------------------------------------------
    put(".partial.txt", text.encode())
    cases.append(Case(".partial.txt", "skipped", note="hidden: a scraper's temporary file"))
    put("..hidden.txt", text.encode())
    cases.append(Case("..hidden.txt", "skipped", note="starts with '..': hidden"))
    # -- grows while read: the test appends to it between listing and reading --------------
    text, label = next(bases)
    put(GROWING, text.encode())
    cases.append(
        Case(GROWING, "quarantined", "read", "changed_while_read", note="grows while read")
    )
    return cases


GROWING = "growing.txt"


def grow(landing: Path, extra: bytes = b"\nmore text arrives\n") -> None:
    """Append to the growing case (call after the run listed the landing zone)."""
    with open(landing / GROWING, "ab") as f:
        f.write(extra)


def _gzip_bomb(inflated: int) -> bytes:
    """A gzip stream of `inflated` zero bytes (about 1/1000 of that on disk)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    parts = [comp.compress(chunk) for _ in range(inflated // len(chunk))]
    return b"".join(parts) + comp.flush()


def write_tiny(landing: Path, n: int = 10_000) -> int:
    """`n` tiny dumps (a header and a few words: parsed as having no body, so quarantined)."""
    landing.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (landing / f"tiny_{i:05d}.txt").write_bytes(f" date 2024-03-11 tiny page {i}\n".encode())
    return n
