-- Distillery store, schema version 6: durable runs. Checkpoints and resumes are events
-- (kinds 'checkpoint' and 'run_resumed'); forks and retries are runs whose parent_run_id (and, for
-- a fork, parent_event_id) name where they came from. These views read them.

-- One row per checkpoint: a completed step a run can be resumed or forked from.
CREATE VIEW checkpoints AS
SELECT
  run_id,
  id AS event_id,
  seq,
  TRY_CAST(data->>'$.step' AS INTEGER) AS step,
  TRY_CAST(data->>'$.messages' AS INTEGER) AS messages,
  data->>'$.snapshot' AS snapshot,
  data->>'$.snapshotMode' AS snapshot_mode,
  ts
FROM events
WHERE kind = 'checkpoint';

-- One row per resume of an interrupted run, with the checkpoint it continued from.
CREATE VIEW resumes AS
SELECT
  run_id,
  id AS event_id,
  seq,
  data->>'$.checkpointId' AS checkpoint_id,
  TRY_CAST(data->>'$.step' AS INTEGER) AS step,
  data->>'$.reason' AS reason,
  ts
FROM events
WHERE kind = 'run_resumed';

-- One row per forked or retried run: its parent, the event it was forked at, and both outcomes.
CREATE VIEW run_links AS
SELECT
  c.id AS run_id,
  c.parent_run_id,
  c.parent_event_id,
  CASE WHEN c.parent_event_id IS NULL THEN 'retry' ELSE 'fork' END AS link,
  e.seq AS parent_seq,
  c.task_id,
  c.status,
  c.check_status,
  p.status AS parent_status,
  p.check_status AS parent_check_status
FROM runs c
LEFT JOIN runs p ON p.id = c.parent_run_id
LEFT JOIN events e ON e.id = c.parent_event_id AND e.run_id = c.parent_run_id
WHERE c.parent_run_id IS NOT NULL;
