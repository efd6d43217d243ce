"""HTML pages -> documents: the page's visible text for the parsers, trafilatura's metadata
(title, author, date, tags, canonical URL) and, for a site without a profile, its main text.

The capture date is the container's (WARC-Date, a JSON Lines `captured_at`) when there is
one; for a bare page, the scraper's ` date YYYY-MM-DD ` header, else the date a page saver
(SingleFile) wrote into it, else the page's own latest date (publication or modification: a
page cannot be captured before it was last changed). A page with none of these is rejected.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement, document_fromstring
from trafilatura.metadata import extract_metadata

from transforms.decode import bytes_to_text, capture_problem, doc_id_for, normalise, split_header
from transforms.formats.base import Bad, Document, HtmlMeta
from transforms.formats.visible import visible_text
from transforms.parse.profiles import profile_for
from transforms.records import DecodedDoc

SNIFF_CHARS = 4096  # where a charset, a saver's comment or the header may be
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
_SAVED_DATE = re.compile(
    r"saved date:\s*(?:[A-Z][a-z]{2},?\s+)?([A-Z][a-z]{2})\s+(\d{1,2}),?\s+(\d{4})"
)
_SAVED_URL = re.compile(r"(?:\burl:\s*|saved from url=\(\d+\))(https?://\S+)")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_LANG = re.compile(r"^([a-z]{2})(?:[-_][A-Za-z]{2,4})?$")
DATE_CONFIG = {
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "original_date": True,  # publication, not the latest change
    "extensive_search": False,  # only what the page marks up, not any date in the text
}
LATEST_CONFIG = DATE_CONFIG | {"original_date": False}


def read_html(
    data: bytes | str,
    path: str,
    sha256: str,
    today: date,
    member: int | None = None,
    url: str | None = None,
    captured: date | None = None,
    charset: str | None = None,
    fmt: str = "html",
    use_profiles: bool = True,
) -> Document | Bad:
    """One HTML page (bytes as served or saved, or text already decoded) -> a `Document`.

    `use_profiles=False` has trafilatura read the article even on a profiled site (to compare
    the two readings). Never raises: a failure of lxml or trafilatura is a `Bad`."""
    try:
        return _read(data, path, sha256, today, member, url, captured, charset, fmt, use_profiles)
    except Exception as err:  # noqa: BLE001  a library bug costs this page, not the night
        return Bad("decode", "html_error", f"{type(err).__name__}: {err}"[:300], member)


def _read(data, path, sha256, today, member, url, captured, charset, fmt, use_profiles):
    text, how = (data, "utf-8") if isinstance(data, str) else _decode(data, charset)
    if text is None:
        return Bad("decode", how, f"{len(data)} bytes", member)
    head_date, rest, problem = split_header(text)
    if problem is None:  # the scraper's header line before the markup
        text, captured = rest, captured or head_date
    text = _XML_DECL.sub("", text)
    if "<" not in text[:SNIFF_CHARS]:
        return Bad("decode", "not_html", "no markup in the first bytes", member)
    try:
        tree = document_fromstring(text)
    except (etree.ParserError, ValueError) as err:
        return Bad("decode", "not_html", f"{type(err).__name__}: {err}"[:200], member)
    page_text = normalise(visible_text(tree))
    if not page_text.strip():
        return Bad("decode", "empty", "no visible text", member)
    meta = extract_metadata(tree, date_config=DATE_CONFIG, extensive=False)
    head = text[:SNIFF_CHARS]
    url = _absolute(meta.url, url) or url or _saved_url(head)
    if captured is None:
        captured = _saved_date(head) or _latest_date(tree, meta.date)
    if captured is None:
        return Bad("decode", "no_capture_date", "no header, saved date or page date", member)
    problem = capture_problem(captured, today, "capture_date")
    if problem:
        return Bad("decode", problem, captured.isoformat(), member)
    paragraphs: tuple[str, ...] = ()
    if not use_profiles or profile_for(page_text, url) is None:  # trafilatura reads the article
        paragraphs = _main_text(tree, meta.title)
    html_meta = HtmlMeta(
        title=meta.title or None,
        authors=tuple(a.strip() for a in (meta.author or "").split(";") if a.strip()),
        published=meta.date or None,
        tags=tuple(dict.fromkeys(t for t in (meta.tags or meta.categories or []) if t)),
        language=_language(tree),
        url=url,
        sitename=meta.sitename or None,
        paragraphs=paragraphs,
    )
    doc = DecodedDoc(
        doc_id=doc_id_for(sha256, member),
        path=path,
        sha256=sha256,
        text=page_text,
        encoding=how,
        capture_date=captured,
        url=url,
        fmt=fmt,
    )
    return Document(doc, member, html_meta)


def looks_like_html(data: bytes) -> bool:
    """Markup at the start: a doctype, an <html> or <head> tag, or a saver's comment."""
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<!--", b"<?xml"))


def _decode(data: bytes, charset: str | None) -> tuple[str, str] | tuple[None, str]:
    """Declared charset (the page's own, then the server's) when it decodes, else sniffed."""
    m = _META_CHARSET.search(data[:SNIFF_CHARS])
    for declared in (m and m[1].decode("ascii", "replace"), charset):
        if not declared or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(declared), declared.lower()
        except (LookupError, UnicodeDecodeError):
            continue
    return bytes_to_text(data)


def _absolute(found: str | None, base: str | None) -> str | None:
    """An http(s) URL: `found` made absolute against `base`; None if it is not one."""
    if not found:
        return None
    url = urljoin(base, found) if base else found
    return url if urlsplit(url).scheme in ("http", "https") else None


def _saved_url(head: str) -> str | None:
    m = _SAVED_URL.search(head)
    return m[1].rstrip("-> ") if m else None


def _saved_date(head: str) -> date | None:
    m = _SAVED_DATE.search(head)
    if not m or m[1] not in _MONTHS:
        return None
    try:
        return date(int(m[3]), _MONTHS[m[1]], int(m[2]))
    except ValueError:
        return None


def _latest_date(tree: HtmlElement, published: str | None) -> date | None:
    """The page's latest marked-up date (its last change), else its publication date."""
    latest = find_date(tree, **LATEST_CONFIG)
    when = parse_when(latest) or parse_when(published)
    return when.date() if when else None


def parse_when(value: str | None) -> datetime | None:
    """An ISO date or date-time (`+0200` offsets too) as a datetime; naive if no offset."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _language(tree: HtmlElement) -> str | None:
    """ISO 639-1 code of the page's declared language (`<html lang>`, else og:locale)."""
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        found = tree.xpath("//meta[@property='og:locale']/@content")
        declared = found[0] if found else None
    m = _LANG.match((declared or "").strip())
    return m[1].lower() if m else None


def _main_text(tree: HtmlElement, title: str | None) -> tuple[str, ...]:
    """trafilatura's main text of the page, one paragraph per line (headline dropped).

    Runs last: trafilatura prunes the tree it is given."""
    found = trafilatura.bare_extraction(
        tree,
        fast=True,
        include_comments=False,
        include_tables=False,
        with_metadata=False,
    )
    text = getattr(found, "text", None) or ""
    lines = [" ".join(line.split()) for line in normalise(text).split("\n")]
    paragraphs = [line for line in lines if line]
    if paragraphs and title and paragraphs[0] == " ".join(title.split()):
        paragraphs = paragraphs[1:]
    return tuple(paragraphs)
