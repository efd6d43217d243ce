-- Articles per tag per week, most frequent tags first.
-- param: top = 20
WITH tagged AS (
    SELECT date_trunc('week', published_date) AS week, unnest(tags) AS tag
    FROM articles
),
top_tags AS (
    SELECT tag FROM tagged GROUP BY tag ORDER BY count(*) DESC LIMIT CAST($top AS INTEGER)
),
final AS (
    SELECT week, tag, count(*) AS articles
    FROM tagged JOIN top_tags USING (tag)
    GROUP BY week, tag
)
SELECT * FROM final ORDER BY week, articles DESC;
