-- Distillery store, schema version 8: a per-run search text, so that a text search scans one short
-- row per run instead of every output of every run (RunRows.where, RunSearch.java).
--
-- search_fold(s): the form both the stored text and the searched words take. lower() joins what
-- ILIKE joins (the prompt was searched with ILIKE); the replacements join the rest of RE2's
-- case-fold orbits that lower() leaves apart (the outputs were searched with RE2's 'i' flag), so
-- that a fold search finds every run the old search found.
CREATE MACRO search_fold(s) AS
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(lower(s),
    'ſ', 's'), 'µ', 'μ'), 'ς', 'σ'), 'ϐ', 'β'), 'ϑ', 'θ'), 'ϕ', 'φ'), 'ϖ', 'π'), 'ϰ', 'κ'),
    'ϱ', 'ρ'), 'ϵ', 'ε'), chr(837), 'ι'), chr(8126), 'ι'), 'ẛ', 'ṡ'), chr(8147), chr(912)),
    chr(8163), chr(944)), chr(64261), chr(64262)), chr(7296), 'в'), chr(7297), 'д'),
    chr(7298), 'о'), chr(7299), 'с'), chr(7300), 'т'), chr(7301), 'т'), chr(7302), 'ъ'),
    chr(7303), 'ѣ'), chr(7304), 'ꙋ');

-- word_set(s): the distinct whitespace-separated words of a folded text, sorted, joined by
-- spaces. A searched word without whitespace or control characters occurs in a text exactly when
-- it occurs in the text's words, so most searches need only this short column.
CREATE MACRO word_set(s) AS
  array_to_string(list_sort(list_distinct(regexp_split_to_array(s, '[\x00-\x20\x7f]+'))), ' ');

-- The folded prompt and the texts of the run's model responses, tool results and check results
-- (what the search covered), joined by chr(31), and its words. Both NULL when the text is longer
-- than 32,768 characters: such a run is searched in its events, as before.
ALTER TABLE runs ADD COLUMN search_text VARCHAR;
ALTER TABLE runs ADD COLUMN search_words VARCHAR;

UPDATE runs SET search_text = s.search_text, search_words = word_set(s.search_text)
FROM (
  SELECT r.id, search_fold(concat_ws(chr(31), coalesce(r.task_prompt, ''), e.texts)) AS folded,
    CASE WHEN length(folded) <= 32768 THEN folded END AS search_text
  FROM runs r
  LEFT JOIN (
    SELECT run_id, string_agg(text, chr(31) ORDER BY seq) AS texts
    FROM events
    WHERE kind IN ('model_response', 'tool_result', 'check_result') AND text IS NOT NULL
    GROUP BY run_id
  ) e ON e.run_id = r.id
) s
WHERE runs.id = s.id;
