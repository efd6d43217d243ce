-- Who is quoted most, with an example quotation.
-- param: top = 20
WITH top AS (  -- rank on counts alone; only the top speakers' rows are read again
    SELECT speaker, count(*) AS quotes
    FROM quotes
    GROUP BY speaker
    ORDER BY quotes DESC, speaker
    LIMIT CAST($top AS INTEGER)
)
SELECT t.speaker, t.quotes, count(DISTINCT q.article_id) AS articles, any_value(q.quote) AS example
FROM top t JOIN quotes q USING (speaker)
GROUP BY t.speaker, t.quotes
ORDER BY t.quotes DESC, t.speaker;
