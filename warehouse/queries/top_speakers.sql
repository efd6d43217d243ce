-- Who is quoted most, with an example quotation.
-- param: top = 20
SELECT speaker, count(*) AS quotes, count(DISTINCT article_id) AS articles, any_value(quote) AS example
FROM quotes
GROUP BY speaker
ORDER BY quotes DESC, speaker
LIMIT CAST($top AS INTEGER);
