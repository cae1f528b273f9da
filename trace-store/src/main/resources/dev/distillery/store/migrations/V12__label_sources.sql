-- A model judge (`distillery judge`) labels runs as the author 'judge:<model>'. The labels view
-- says which source each current label comes from ('human' or 'judge'; the prefix is trace-model's
-- LabelSource.JUDGE_PREFIX), and the views about people's labels read people's only: a judge's
-- verdict neither makes a run labelled for people nor disputes their label. How far a judge agrees
-- with people is `distillery agreement`'s and the disagreements page's business.
CREATE OR REPLACE VIEW labels AS
SELECT run_id, author, label, tags, comment, created_at,
       CASE WHEN starts_with(author, 'judge:') THEN 'judge' ELSE 'human' END AS source
FROM (
  SELECT *, row_number() OVER (PARTITION BY run_id, author ORDER BY created_at DESC, id DESC) AS n
  FROM annotations
  WHERE label IS NOT NULL AND event_id IS NULL
)
WHERE n = 1 AND label <> 'withdrawn';

-- Runs whose people's latest labels differ.
CREATE OR REPLACE VIEW label_disagreements AS
SELECT
  run_id,
  count(*) AS annotators,
  list(author || '=' || label ORDER BY author) AS labels
FROM labels
WHERE source = 'human'
GROUP BY run_id
HAVING count(DISTINCT label) > 1;

-- Per task: attempts, pass rates, and how often people agree with the check.
CREATE OR REPLACE VIEW task_stats AS
WITH latest AS (
  SELECT *, row_number() OVER (PARTITION BY task_id, attempt, coalesce(suite_run_id, '')
                               ORDER BY started_at DESC, id DESC) AS n
  FROM runs
  WHERE task_id IS NOT NULL
),
human AS (
  -- the label people agree on; a disputed run has none
  SELECT run_id, CASE WHEN count(DISTINCT label) = 1 THEN any_value(label) END AS label
  FROM labels WHERE source = 'human' GROUP BY run_id
)
SELECT
  l.task_id,
  count(*) AS attempts,
  count(*) FILTER (WHERE l.check_status IN ('pass', 'fail', 'error')) AS graded,
  count(*) FILTER (WHERE l.check_status = 'pass') AS passes,
  round(count(*) FILTER (WHERE l.check_status = 'pass')
        / nullif(count(*) FILTER (WHERE l.check_status IN ('pass', 'fail', 'error')), 0), 4) AS pass_at_1,
  CASE WHEN count(*) FILTER (WHERE l.check_status IN ('pass', 'fail', 'error')) = 0 THEN NULL
       WHEN count(*) FILTER (WHERE l.check_status = 'pass') > 0 THEN 1.0 ELSE 0.0 END AS pass_at_k,
  count(h.label) FILTER (WHERE l.check_status IN ('pass', 'fail')) AS human_labelled,
  round(count(*) FILTER (WHERE (h.label = 'correct') = (l.check_status = 'pass')
                          AND l.check_status IN ('pass', 'fail'))
        / nullif(count(h.label) FILTER (WHERE l.check_status IN ('pass', 'fail')), 0), 4)
    AS human_check_agreement
FROM latest l
LEFT JOIN human h ON h.run_id = l.id
WHERE l.n = 1
GROUP BY l.task_id;
