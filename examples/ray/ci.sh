#!/usr/bin/env bash
# The Ray driver on a local Ray over the demo suite: 4 shards, shard 2 killed on its first try and
# retried by Ray; then the lake must hold what one process running the same suite holds.
# Needs `ray` (pip install ray) and what ./distillery needs. Run from anywhere.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'ray stop --force >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cd "$root"
cli="$root/distillery"
run_options=(--attempts 3 --script examples/demo/replies.json)

python3 examples/ray/driver.py --suite examples/demo/suite.jsonl --shards 4 \
  --lake "$work/lake" --stores "$work/shards" --suite-run ci-1 --local-cpus 2 \
  --kill-first-try 2 --summary "$work/summary.json" -- "${run_options[@]}" > /dev/null
test -f "$work/shards/.killed-2" || { echo "ci: shard 2 was not killed" >&2; exit 1; }

"$cli" run --suite examples/demo/suite.jsonl --suite-run ci-1 --store "$work/one.duckdb" \
  "${run_options[@]}" > /dev/null 2>&1

query="select count(*) as attempts, count(distinct task_id || '#' || attempt) as pairs,
  count(distinct id) as ids, count(*) filter (where check_status = 'pass') as passed,
  count(*) filter (where status = 'succeeded') as succeeded
  from runs where suite_run_id = 'ci-1'"
lake="$("$cli" sql --lake "$work/lake" --format csv "$query")"
one="$("$cli" sql --store "$work/one.duckdb" --format csv "$query")"
echo "lake: $(echo "$lake" | tail -1)   one process: $(echo "$one" | tail -1)"
[ "$lake" = "$one" ] || { echo "ci: the lake differs from one process" >&2; exit 1; }
attempts="$(echo "$lake" | tail -1 | cut -d, -f1)"
[ "$attempts" = 12 ] || { echo "ci: expected 12 attempts (4 tasks x 3), got $attempts" >&2; exit 1; }
python3 - "$work/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["shards"] == 4 and s["attempts"] == 12, s
print("ray driver: 4 shards, 12 attempts, passes", s["passes"])
PY
