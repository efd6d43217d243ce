-- Full-text search (BM25) over article headlines and bodies: best first, with a snippet.
-- The same as: SELECT * FROM search_articles('troops', top := 10)
-- param: q = troops
-- param: top = 10
SELECT article_id, round(score, 3) AS score, published_date, source, headline, snippet
FROM search_articles($q, top := CAST($top AS INTEGER));
