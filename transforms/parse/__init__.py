"""Parse: a decoded dump -> the parts of its page (`ParsedPage`) or a `Rejection`.

A page of a site with a profile (`transforms.parse.profiles`) is read with that profile;
any other page, or a profiled page whose byline is missing, is read by the generic reader
from text evidence alone. `boilerplate` maps a source to the hashes (`line_hash`) of lines
already learned as that site's chrome; the lines this parse judges chrome come back in
`ParsedPage.chrome` so the warehouse can learn them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time

from transforms.parse.authors import normalised_byline_cache
from transforms.parse.dates import find_dates_cache
from transforms.parse.generic import parse_generic
from transforms.parse.language import detect_language
from transforms.parse.lexicon import is_chrome_line, is_end_marker, is_hard_end
from transforms.parse.lines import line_hash, line_hash_cache, split_lines
from transforms.parse.profiled import parse_with_profile
from transforms.parse.profiles import profile_for, sole_owner_cache
from transforms.parse.source import detect_source
from transforms.records import DecodedDoc, ParsedPage, Rejection

__all__ = ["clear_caches", "line_hash", "parse_page"]

MIN_BODY_CHARS = 40  # a body shorter than this is not an article


def parse_page(
    doc: DecodedDoc, boilerplate: Mapping[str, frozenset[str]] | None = None
) -> ParsedPage | Rejection:
    """Parse one decoded dump. Never raises: a failure is a `Rejection` with a reason."""
    try:
        return _parse(doc, boilerplate or {})
    except Exception as exc:  # a parser bug must quarantine the page, not stop the night
        return Rejection(doc.path, "parse", "parser_error", f"{type(exc).__name__}: {exc}"[:300])


def clear_caches() -> None:
    """Forget the verdicts remembered on recurring lines (a benchmark times a cold start)."""
    for remembered in (
        is_chrome_line,
        is_end_marker,
        is_hard_end,
        find_dates_cache,
        normalised_byline_cache,
        line_hash_cache,
        sole_owner_cache,
    ):
        remembered.cache_clear()


def _parse(doc: DecodedDoc, boilerplate: Mapping[str, frozenset[str]]) -> ParsedPage | Rejection:
    if doc.capture_date is None:
        return Rejection(doc.path, "parse", "no_capture_date", "")
    lines, gaps = split_lines(doc.text)
    if not lines:
        return Rejection(doc.path, "parse", "no_body", "no text lines")
    profile = profile_for(doc.text, doc.url)
    site_name = None
    if profile is not None:
        source = profile.source
    else:
        source, site_name = detect_source(lines, doc.url)
    known = boilerplate.get(source)
    learned = [line_hash(line) in known for line in lines] if known else [False] * len(lines)

    page = ParsedPage(
        doc_id=doc.doc_id,
        raw_file=doc.path,
        source=source,
        capture_date=doc.capture_date,
        url=doc.url,
    )
    parsed = None
    if profile is not None:
        marks = profile.chrome_marks(lines)
        learned = [k or c for k, c in zip(learned, marks, strict=True)] if known else marks
        parsed = parse_with_profile(lines, learned, profile, page)
    if parsed is None:
        lang = detect_language(lines, profile.language if profile else None)
        names = profile.site_names if profile else ((site_name,) if site_name else ())
        zone = profile.zone if profile else None
        parsed = parse_generic(lines, gaps, learned, page, lang, names, zone)
        parsed.language = lang
    else:  # a profile that names its site's language is trusted (langid costs ~0.2 ms)
        parsed.language = profile.language or detect_language(parsed.paragraphs)
    if sum(map(len, parsed.paragraphs)) < MIN_BODY_CHARS:
        return Rejection(doc.path, "parse", "no_body", f"source={source}")
    if parsed.published_at is None:  # last resort: the capture header's date
        parsed.published_at = datetime.combine(doc.capture_date, time(0, 0), tzinfo=UTC)
        parsed.published_at_source = "header"
    return parsed
