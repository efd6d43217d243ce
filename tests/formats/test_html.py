"""HTML pages: visible text as the dumps lay it out, metadata, capture date, decoding."""

from __future__ import annotations

from datetime import date

import pytest
from lxml.html import document_fromstring

from tests.formats.conftest import TODAY, raw
from transforms.formats.base import Bad, Document
from transforms.formats.html import read_html
from transforms.formats.htmlpage import parse_document
from transforms.formats.visible import visible_text
from transforms.records import ParsedPage, Rejection

PARAS = [
    "The defence minister said on Monday that western troops would not be deployed to "
    "Ukraine in the near future, adding that decisions would be taken jointly with allies.",
    "Meanwhile talks on new air defence systems continue in Kyiv, officials said, with "
    "several partners expected to announce new packages before the end of the month.",
    "We have no secret plans, the minister told journalists in the capital after a long "
    "meeting with the defence ministers of several neighbouring countries on Monday.",
]


def page(head: str = "", body_extra: str = "", lang: str = "en") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        "<title>Minister rules out troops | Example News</title>"
        f"{head}</head><body><header><nav><a>Home</a> | <a>World</a></nav></header>"
        "<main><article><h1>Minister rules out troops</h1>"
        f'<div class="byline">By Jane Doe</div>{paras}</article></main>{body_extra}'
        "<footer>© 2024 Example News</footer></body></html>"
    )


META = (
    '<link rel="canonical" href="https://news.example.org/world/minister-troops/">'
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2024-03-10T18:30:00+02:00">'
    '<meta property="article:tag" content="Ukraine"><meta property="article:tag" content="NATO">'
)


def read(html: str | bytes, **kw) -> Document | Bad:
    data = html.encode() if isinstance(html, str) else html
    return read_html(data, "p.html", raw("p.html", data).sha256, TODAY, **kw)


def test_visible_text_is_one_line_per_block_with_inline_runs_fused():
    tree = document_fromstring(
        "<body><div>by <a>Jane</a> <time>March 1, 2024</time></div>"
        "<div><span>The Kyiv Independent</span><span>Jane Doe</span></div>"
        "<script>var x = 1</script><style>p{}</style><div hidden>secret</div>"
        '<p style="display:none">gone</p><p>one<br>two<!-- c --> three</p>'
        "<ul><li>a</li><li>b</li></ul></body>"
    )
    assert visible_text(tree).split("\n") == [
        "by Jane March 1, 2024",
        "The Kyiv IndependentJane Doe",
        "",
        "one",
        "two three",
        "",
        "a",
        "b",
        "",
    ]


def test_a_page_nested_very_deep_does_not_exhaust_the_stack():
    """libxml2 drops what lies past its depth limit; nothing here recurses on the depth."""
    deep = "<html><body>" + "<div>" * 200 + "deep text" + "</div>" * 200 + "</body></html>"
    assert "deep text" in visible_text(document_fromstring(deep))
    deeper = "<html><body>" + "<div>" * 20000 + "text" + "</div>" * 20000 + "</body></html>"
    got = read(deeper, captured=date(2024, 3, 1))
    assert isinstance(got, Bad | Document)


def test_unprofiled_page_is_read_by_trafilatura_with_its_metadata():
    got = read(page(META, "<aside><p>Most read: something else entirely here</p></aside>"))
    assert isinstance(got, Document)
    assert got.doc.url == "https://news.example.org/world/minister-troops/"
    assert got.doc.capture_date == date(2024, 3, 10)  # the page's own date, no better one
    parsed = parse_document(got)
    assert isinstance(parsed, ParsedPage)
    assert parsed.source == "news.example.org"
    assert parsed.headline == "Minister rules out troops"
    assert parsed.authors == ["Jane Doe"]
    assert parsed.tags == ["Ukraine", "NATO"]
    assert parsed.language == "en"
    assert parsed.published_at.isoformat() == "2024-03-10T16:30:00+00:00"
    assert parsed.published_at_source == "meta"
    assert parsed.paragraphs == PARAS


def test_capture_date_prefers_the_scrapers_header_then_a_savers_comment():
    saved = "<!--\n Page saved with SingleFile \n url: https://x.example/a \n saved date: Tue Mar 12 2024 09:30:00 GMT+0000\n-->"
    with_saved = page(META).replace("<head>", saved + "<head>")
    got = read(with_saved)
    assert got.doc.capture_date == date(2024, 3, 12)
    got = read(" date 2024-03-13 " + with_saved)
    assert got.doc.capture_date == date(2024, 3, 13)
    got = read(with_saved, captured=date(2024, 3, 14), url="https://x.example/b")
    assert got.doc.capture_date == date(2024, 3, 14)
    assert got.doc.url == "https://news.example.org/world/minister-troops/"  # canonical wins


def test_no_capture_date_at_all_is_rejected():
    got = read(page())
    assert isinstance(got, Bad) and (got.stage, got.reason) == ("decode", "no_capture_date")


def test_future_capture_date_is_rejected():
    got = read(page(), captured=date(2999, 1, 1))
    assert isinstance(got, Bad) and got.reason == "future_capture_date"


def test_declared_charset_decodes_a_legacy_page():
    html = page(META).replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    html = html.replace("Minister rules out troops</h1>", "Міністр виключає війська</h1>")
    got = read(html.encode("cp1251"))
    assert isinstance(got, Document)
    assert "Міністр виключає війська" in got.doc.text


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"   \n", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(300), "binary")],
)
def test_not_a_page(data, reason):
    got = read(data, captured=date(2024, 3, 1))
    assert isinstance(got, Bad) and got.reason == reason


def test_markup_only_page_has_no_body():
    got = read("<html><body><nav>Home</nav></body></html>", captured=date(2024, 3, 1))
    if isinstance(got, Document):
        got = parse_document(got)
    assert isinstance(got, Bad | Rejection)
    assert got.reason in ("empty", "no_body")


def test_profiled_page_keeps_its_anatomy(pairs):
    """A generated Kyiv Independent page: the profile finds the live feed, bio and card."""
    dump, web = next((d, p) for d, p in pairs if d.label.site == "kyiv-independent")
    got = read(web.html)
    assert isinstance(got, Document) and got.html.paragraphs == ()  # a profile reads it
    parsed = parse_document(got)
    assert parsed.source == "kyiv-independent"
    assert parsed.url == web.url
    assert parsed.headline == dump.label.headline
    assert [i.time_text for i in parsed.live_items] == [t.time_text for t in dump.label.live]
    assert [b.name for b in parsed.bios] == list(dump.label.authors)
    assert len(parsed.related) == 1
