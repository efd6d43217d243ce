-- Full-text search (BM25) over headline and body.
-- param: q = troops
-- param: top = 10
WITH hits AS (
    SELECT article_id, fts_main_articles_search.match_bm25(article_id, $q) AS score
    FROM articles_search
)
SELECT a.article_id, a.published_date, a.headline, round(h.score, 3) AS score
FROM hits h JOIN articles a USING (article_id)
WHERE h.score IS NOT NULL
ORDER BY h.score DESC
LIMIT CAST($top AS INTEGER);
