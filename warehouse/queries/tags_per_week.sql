-- Articles per tag per week, most frequent tags first.
-- param: top = 20
WITH weekly AS (  -- one pass over the tags: the top tags are ranked from these counts
    SELECT date_trunc('week', published_date) AS week, tag, count(*) AS articles
    FROM articles, unnest(tags) AS t(tag)
    GROUP BY ALL
),
top_tags AS (
    SELECT tag FROM weekly GROUP BY tag ORDER BY sum(articles) DESC, tag LIMIT CAST($top AS INTEGER)
)
SELECT week, tag, articles
FROM weekly SEMI JOIN top_tags USING (tag)
ORDER BY week, articles DESC, tag;
