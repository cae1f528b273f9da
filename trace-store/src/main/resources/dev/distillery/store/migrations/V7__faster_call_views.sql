-- Distillery store, schema version 7: tool calls fingerprinted when recorded (CallHash.java) so
-- that loops groups integers; model_calls numbers turns with a window instead of a correlated count.

ALTER TABLE events ADD COLUMN call_hash BIGINT;

-- Older rows: the same rule as the writer's.
UPDATE events SET call_hash = ('0x' || left(md5(name || chr(0) || coalesce(text, '')), 15))::BIGINT
WHERE kind = 'tool_call';

DROP VIEW loops;
DROP VIEW model_calls;

-- Runs that made the same tool call with the same arguments 3 or more times: candidates by
-- fingerprint first, then the texts themselves compared for the few calls that repeat.
CREATE VIEW loops AS
WITH repeated AS (
  SELECT run_id, call_hash
  FROM events
  WHERE kind = 'tool_call'
  GROUP BY run_id, call_hash
  HAVING count(*) >= 3
)
SELECT e.run_id, e.name AS tool, e.text AS arguments, count(*) AS repeats,
  min(e.seq) AS first_seq, max(e.seq) AS last_seq
FROM events e
JOIN repeated r ON r.run_id = e.run_id AND r.call_hash = e.call_hash
WHERE e.kind = 'tool_call'
GROUP BY e.run_id, e.name, e.text
HAVING count(*) >= 3;

-- One row per model call: the request joined to its response or error; turn = the responses
-- before it in the run, plus one.
CREATE VIEW model_calls AS
WITH calls AS (
  SELECT id, run_id, seq, kind, ts, data,
    coalesce(sum(CASE WHEN kind = 'model_response' THEN 1 ELSE 0 END) OVER (
      PARTITION BY run_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) + 1
      AS turn
  FROM events
  WHERE kind IN ('model_request', 'model_response')
)
SELECT
  q.run_id,
  q.turn,
  q.seq,
  runs.model,
  runs.provider,
  TRY_CAST(a.data->>'$.usage.promptTokens' AS BIGINT) AS prompt_tokens,
  TRY_CAST(a.data->>'$.usage.completionTokens' AS BIGINT) AS completion_tokens,
  TRY_CAST(a.data->>'$.latencyMs' AS BIGINT) AS latency_ms,
  TRY_CAST(a.data->>'$.costUsd' AS DOUBLE) AS cost_usd,
  CASE WHEN a.kind = 'model_response' THEN a.name END AS finish_reason,
  CASE WHEN a.kind = 'error' THEN a.name END AS error_type,
  CASE WHEN a.kind = 'error' THEN a.text END AS error,
  json_array_length(q.data->'$.context') AS messages,
  q.ts AS requested_at
FROM calls q
JOIN runs ON runs.id = q.run_id
LEFT JOIN events a ON a.run_id = q.run_id AND a.parent_id = q.id
  AND a.kind IN ('model_response', 'error')
WHERE q.kind = 'model_request';
