"""The SQL of full-text search: the searchable tables, the tokenizer, postings, and the
`search_articles` / `search_live` macros (BM25 scored as DuckDB's fts extension's `match_bm25`).
"""

from __future__ import annotations

from dataclasses import dataclass

STEMMER = "english"  # Snowball, from the fts extension
TOKEN_SPLIT = "[^a-z0-9]+"  # lower-cased, accents stripped; digits kept (loss figures)
K1, B = 1.2, 0.75  # BM25 parameters (the fts extension's defaults)
SNIPPET_WIDTH = 160  # characters of body shown around the first matching word


@dataclass(frozen=True)
class Corpus:
    """One searchable table: where its rows come from and what a hit shows."""

    name: str  # 'articles' | 'live'
    table: str  # catalog view
    id: str  # id column in the view
    key: str  # SQL over the view's row: changes whenever indexed or shown text changes
    shown: tuple[str, ...]  # columns a hit shows besides id, headline and body


CORPORA = (
    Corpus(
        "articles",
        "articles",
        "article_id",
        "concat_ws(':', content_hash, hash(headline, source, published_date))",
        ("source", "published_date"),
    ),
    Corpus(
        "live",
        "live_updates",
        "update_id",
        "concat_ws(':', update_id, hash(headline, body, source, published_at))",
        ("source", "published_at"),
    ),
)


COLUMN_DOCS = {  # the search views' columns (catalog comments)
    "term": "a stemmed word (Snowball English; lower case, accents stripped, digits kept)",
    "docid": "indexed document: a new number each time a row's text is indexed",
    "tf": "times the term occurs in the document",
    "len": "terms in the document (stop words left out)",
    "id": "article_id or update_id of the indexed row",
    "key": "change key: the row is indexed again when this differs",
    "source": "site",
    "published_date": "the article's published_date",
    "published_at": "the item's published_at",
    "headline": "headline as indexed",
    "body": "text as indexed (snippets come from it)",
}


def postings_view(c: Corpus) -> str:
    return f"_search_postings_{c.name}"


def docs_view(c: Corpus) -> str:
    return f"_search_docs_{c.name}"


POSTINGS_SQL = """
WITH tok AS (
    SELECT docid, unnest(search_tokens(concat_ws(' ', headline, body))) AS w FROM {src}
),
words AS (
    SELECT w, stem(w, '{stemmer}') AS term FROM (SELECT DISTINCT w FROM tok)
    WHERE w <> '' AND w NOT IN (SELECT sw FROM _search_stopwords)
),
per_term AS (SELECT term, docid, count(*) AS tf FROM tok JOIN words USING (w) GROUP BY term, docid),
lens AS (SELECT docid, sum(tf) AS len FROM per_term GROUP BY docid)
SELECT term, docid, tf::USMALLINT AS tf, len::UINTEGER AS len
FROM per_term JOIN lens USING (docid)
"""

TOKENS_MACRO = (
    "CREATE OR REPLACE MACRO search_tokens(s) AS "  # noqa: S608 - TOKEN_SPLIT is a constant
    f"string_split_regex(lower(strip_accents(CAST(s AS VARCHAR))), '{TOKEN_SPLIT}')"
)


SNIPPET_MACRO = f"""
CREATE OR REPLACE MACRO search_snippet_words(piece, cut_head, cut_tail) AS regexp_replace(
    regexp_replace(
        trim(regexp_replace(piece, '\\s+', ' ', 'g')),
        CASE WHEN cut_head THEN '^\\S*\\s' ELSE '^' END, ''
    ),
    CASE WHEN cut_tail THEN '\\s\\S*$' ELSE '$' END, ''
);
CREATE OR REPLACE MACRO search_snippet_at(body, start, width) AS concat(
    CASE WHEN start > 1 THEN '…' ELSE '' END,
    search_snippet_words(substr(body, start, width), start > 1, start + width <= length(body)),
    CASE WHEN start + width <= length(body) THEN '…' ELSE '' END
);
CREATE OR REPLACE MACRO search_snippet(body, needles, width := {SNIPPET_WIDTH}) AS search_snippet_at(
    body,
    greatest(coalesce(list_min(list_filter(
        list_transform(needles, n -> instr(lower(strip_accents(body)), n)), p -> p > 0
    )), 1) - width // 4, 1),
    width
);
"""


def search_macro(c: Corpus) -> str:
    """`search_<corpus>(q, top := 10)`: BM25 over the live postings, best first, with a snippet.

    The score is the fts extension's (`match_bm25` with k=1.2, b=0.75, any query term).
    """
    macro = "search_articles" if c.name == "articles" else "search_live"
    shown = ", ".join(f"d.{col}" for col in c.shown)
    return f"""
CREATE OR REPLACE MACRO {macro}(q, top := 10) AS TABLE
WITH words AS (
    SELECT DISTINCT w FROM (SELECT unnest(search_tokens(q)) AS w) WHERE w <> ''
),
terms AS (SELECT DISTINCT stem(w, '{STEMMER}') AS term FROM words),
needles AS (
    SELECT list(DISTINCT n) AS needles FROM (
        SELECT w AS n FROM words WHERE w NOT IN (SELECT sw FROM _search_stopwords)
        UNION SELECT term FROM terms WHERE term NOT IN (SELECT sw FROM _search_stopwords)
    )
),
hits AS MATERIALIZED (
    SELECT p.term, p.docid, p.tf, p.len FROM {postings_view(c)} p
    WHERE p.term IN (SELECT term FROM terms)
      AND p.docid NOT IN (SELECT docid FROM _search_dead WHERE corpus = '{c.name}')
),
stats AS (
    SELECT num_docs, total_len / greatest(num_docs, 1) AS avgdl
    FROM _search_stats WHERE corpus = '{c.name}'
),
idf AS (
    SELECT h.term, log((any_value(s.num_docs) - count(*) + 0.5) / (count(*) + 0.5) + 1) AS idf
    FROM hits h CROSS JOIN stats s GROUP BY h.term
),
scored AS (
    SELECT h.docid, sum(
        i.idf * h.tf * ({K1} + 1) / (h.tf + {K1} * (1 - {B} + {B} * h.len / s.avgdl))
    ) AS score
    FROM hits h JOIN idf i USING (term) CROSS JOIN stats s
    GROUP BY h.docid
),
best AS (SELECT docid, score FROM scored ORDER BY score DESC, docid LIMIT top),
final AS (
    SELECT d.id AS {c.id}, b.score, {shown}, d.headline,
        search_snippet(d.body, (SELECT needles FROM needles)) AS snippet
    FROM best b JOIN {docs_view(c)} d USING (docid)
)
SELECT * FROM final ORDER BY score DESC, {c.id}
"""  # noqa: S608 - our own identifiers and constants
