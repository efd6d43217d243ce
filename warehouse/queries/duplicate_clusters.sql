-- Stories captured or republished more than once: cluster size and how they were folded.
-- param: top = 20
WITH folded AS (
    SELECT canonical_id, count(*) AS copies, count(*) FILTER (WHERE method = 'near') AS near_copies
    FROM duplicates
    GROUP BY canonical_id
),
final AS (
    SELECT a.article_id, a.headline, a.source, f.copies, f.near_copies, a.versions
    FROM folded f JOIN articles a ON a.article_id = f.canonical_id
)
SELECT * FROM final ORDER BY copies DESC, article_id LIMIT CAST($top AS INTEGER);
