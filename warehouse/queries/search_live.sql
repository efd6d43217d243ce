-- Full-text search (BM25) over live-feed items: best first, with a snippet.
-- The same as: SELECT * FROM search_live('losses', top := 10)
-- param: q = losses
-- param: top = 10
SELECT update_id, round(score, 3) AS score, published_at, source, headline, snippet
FROM search_live($q, top := CAST($top AS INTEGER));
