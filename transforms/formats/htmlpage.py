"""An HTML document -> the parts of its page, as a text dump's would be.

Where the site has a profile, the profile reads the page's visible text exactly as it reads a
text dump, so a page and a dump of it give the same article (and the same content hash, so
dedupe folds them); trafilatura's metadata fills what the profile did not find (the canonical
URL always, the publication time when the page showed none, authors, tags, language). Where
no profile applies, trafilatura's main text is the body and its metadata the article's fields;
if it found no main text, the generic reader tries the visible text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from transforms.formats.base import Document, HtmlMeta
from transforms.formats.html import parse_when
from transforms.parse import MIN_BODY_CHARS, parse_page
from transforms.parse.authors import normalise_authors
from transforms.parse.language import detect_language
from transforms.parse.lines import split_lines
from transforms.parse.source import detect_source
from transforms.records import DecodedDoc, ParsedPage, Rejection

META = "meta"  # published_at_source when the time comes from the page's metadata


def parse_document(
    document: Document, boilerplate: Mapping[str, frozenset[str]] | None = None
) -> ParsedPage | Rejection:
    """Parse one document of any format. Never raises: a failure is a `Rejection`."""
    meta = document.html
    if meta is None:
        return parse_page(document.doc, boilerplate)
    try:
        if meta.paragraphs:
            return _from_trafilatura(document.doc, meta)
        page = parse_page(document.doc, boilerplate)
        return page if isinstance(page, Rejection) else _fill(page, meta)
    except Exception as exc:  # a bug must quarantine the page, not stop the night
        return Rejection(
            document.doc.path, "parse", "parser_error", f"{type(exc).__name__}: {exc}"[:300]
        )


def _fill(page: ParsedPage, meta: HtmlMeta) -> ParsedPage:
    """The profile's (or generic reader's) page, completed from the metadata."""
    page.url = meta.url or page.url
    page.headline = page.headline or meta.title
    if not page.authors and meta.authors:
        page.authors = normalise_authors(list(meta.authors))
    if page.published_at_source == "header":  # the parsers' last resort: metadata is better
        _set_published(page, meta)
    page.tags = page.tags or list(meta.tags)
    page.language = meta.language or page.language
    return page


def _from_trafilatura(doc: DecodedDoc, meta: HtmlMeta) -> ParsedPage | Rejection:
    lines, _ = split_lines(doc.text)
    source, _ = detect_source(lines, meta.url)
    paragraphs = list(meta.paragraphs)
    if sum(len(p) for p in paragraphs) < MIN_BODY_CHARS:
        return Rejection(doc.path, "parse", "no_body", f"source={source} (trafilatura)")
    page = ParsedPage(
        doc_id=doc.doc_id,
        raw_file=doc.path,
        source=source,
        capture_date=doc.capture_date,
        url=meta.url,
        headline=meta.title,
        authors=normalise_authors(list(meta.authors)) if meta.authors else [],
        tags=list(meta.tags),
        paragraphs=paragraphs,
        language=meta.language or detect_language(paragraphs),
    )
    _set_published(page, meta)
    if page.published_at is None:
        page.published_at = datetime.combine(doc.capture_date, datetime.min.time(), tzinfo=UTC)
        page.published_at_source = "header"
    return page


def _set_published(page: ParsedPage, meta: HtmlMeta) -> None:
    """The metadata's publication time (UTC; no offset is taken as UTC), unless it is later
    than the capture allows."""
    when = parse_when(meta.published)
    if when is None:
        return
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    if when.date() <= page.capture_date + timedelta(days=1):
        page.published_at = when
        page.published_at_source = META
