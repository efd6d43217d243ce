-- The General Staff's reported losses for one category, day by day, with the daily delta.
-- param: category = personnel
SELECT report_date, total, delta, times_reported
FROM loss_reports
WHERE category = $category
ORDER BY report_date;
