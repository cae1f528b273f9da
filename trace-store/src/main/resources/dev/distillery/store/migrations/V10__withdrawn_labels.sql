-- A withdrawn label (`distillery label RUN --clear`) is a newer annotation whose label is
-- 'withdrawn': the author's latest label decides, and a withdrawal leaves the author without one.
-- The views that read labels (task_stats, label_disagreements) read this one by name.
CREATE OR REPLACE VIEW labels AS
SELECT run_id, author, label, tags, comment, created_at
FROM (
  SELECT *, row_number() OVER (PARTITION BY run_id, author ORDER BY created_at DESC, id DESC) AS n
  FROM annotations
  WHERE label IS NOT NULL AND event_id IS NULL
)
WHERE n = 1 AND label <> 'withdrawn';
