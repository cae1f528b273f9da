#!/usr/bin/env bash
# The Ray driver on a local Ray over the demo suite: 4 shards, shard 2 killed on its first try and
# retried by Ray; then the lake must hold what one process running the same suite holds, and
# Hugging Face `datasets` must load what `export --lake` writes from it as it loads one process's.
# Needs `ray` and `datasets` (pip install ray datasets) and what ./distillery needs. Run from anywhere.
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

# Hugging Face datasets reads what `export --lake` writes (issue #22, item 5): JSONL and the Parquet
# layout, every attempt (raw) and the SFT rows (trl-sft, runs labelled by their checks), split by
# task. Each is loaded as the Hub loads a dataset folder (its README's configs) and from its files;
# the lake's must have the rows of one process's, split for split, and the same columns.
passed="$(echo "$lake" | tail -1 | cut -d, -f4)"
for format in raw trl-sft; do
  for as in jsonl parquet; do
    "$cli" export --lake "$work/lake" --format "$format" --use-check --split train=0.5,test=0.5 \
      --seed 1 --as "$as" --out "$work/datasets/lake-$format-$as" > /dev/null
    "$cli" export --store "$work/one.duckdb" --format "$format" --use-check \
      --split train=0.5,test=0.5 --seed 1 --as "$as" --out "$work/datasets/one-$format-$as" > /dev/null
  done
done
HF_HOME="$work/hf" HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 \
  python3 - "$work/datasets" "$attempts" "$passed" <<'PY'
import json, sys
from pathlib import Path
import datasets

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()
root, expected = Path(sys.argv[1]), {"raw": int(sys.argv[2]), "trl-sft": int(sys.argv[3])}

def load(out, fmt, container):
    """The folder as the Hub loads it (README configs), and its files named one by one."""
    folder = datasets.load_dataset(str(out))
    if container == "parquet":
        files = {p.name.split("-")[0]: str(p) for p in (out / fmt).glob("*.parquet")}
    else:
        files = {p.stem: str(p) for p in out.glob("*.jsonl")}
    named = datasets.load_dataset("json" if container == "jsonl" else "parquet", data_files=files)
    assert counts(folder) == counts(named), (out, counts(folder), counts(named))
    return named

def counts(d):
    return {split: part.num_rows for split, part in sorted(d.items())}

def rows(d):
    return sorted(json.dumps(r, sort_keys=True, default=str) for part in d.values() for r in part)

for fmt in ("raw", "trl-sft"):
    for container in ("jsonl", "parquet"):
        lake = load(root / f"lake-{fmt}-{container}", fmt, container)
        one = load(root / f"one-{fmt}-{container}", fmt, container)
        assert counts(lake) == counts(one), (fmt, container, counts(lake), counts(one))
        assert sum(counts(lake).values()) == expected[fmt], (fmt, container, counts(lake))
        names = {split: part.column_names for split, part in lake.items()}
        assert names == {split: part.column_names for split, part in one.items()}, names
        if fmt == "trl-sft":  # the scripted replies: the same conversations, row for row
            assert rows(lake) == rows(one), (fmt, container)
        print(f"datasets: {fmt} {container} from the lake: {counts(lake)}, as from one process")
PY
