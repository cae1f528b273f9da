-- A model judge's gradings (`distillery judge`): one row per run graded, a verdict or a failure,
-- with the request the judge was sent and the reply it gave, their tokens and cost. A verdict is
-- also an annotation by the judge's author (annotation_id); a failure labels nothing.
CREATE TABLE judgements (
  id VARCHAR PRIMARY KEY,
  run_id VARCHAR NOT NULL,
  author VARCHAR NOT NULL,          -- judge:<model>
  model VARCHAR NOT NULL,
  rubric_hash VARCHAR NOT NULL,     -- SHA-256 of the rubric, hex
  label VARCHAR,                    -- correct | incorrect; NULL for a failure
  tags VARCHAR[] NOT NULL,
  reason VARCHAR,
  step VARCHAR,                     -- the event where the run went wrong, or NULL
  error VARCHAR,                    -- why there is no verdict; NULL for a verdict
  request JSON NOT NULL,
  response JSON,
  prompt_tokens BIGINT NOT NULL,
  completion_tokens BIGINT NOT NULL,
  cost_usd DOUBLE,
  retries INTEGER NOT NULL,
  annotation_id VARCHAR,
  created_at TIMESTAMP NOT NULL
);

CREATE INDEX judgements_run ON judgements (run_id);

-- Each judge's latest grading of each run under each rubric: what a rerun skips (verdicts) and
-- tries again (failures).
CREATE OR REPLACE VIEW latest_judgements AS
SELECT * EXCLUDE (n)
FROM (
  SELECT *, row_number() OVER (
    PARTITION BY run_id, author, rubric_hash ORDER BY created_at DESC, id DESC) AS n
  FROM judgements
)
WHERE n = 1;
