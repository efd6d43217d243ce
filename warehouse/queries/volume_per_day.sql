-- Articles published per source per day.
SELECT published_date AS day, source, count(*) AS articles
FROM articles
GROUP BY ALL
ORDER BY day, source;
