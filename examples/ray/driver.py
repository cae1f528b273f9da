#!/usr/bin/env python3
"""Runs a Distillery suite on Ray: one Ray task per shard, each calling the distillery CLI.

    python examples/ray/driver.py --suite FILE --shards N --lake DIR [options] [-- run options]

Every task runs `distillery run --suite FILE --suite-run ID --shard K/N --store STORES/shard-K.duckdb
--lake DIR --json`: the shard's trajectories go to its own store and, when it ends, to the lake
(shared storage every node can write). Only the shard's small JSON summary comes back through
Ray's object store, never a trajectory. A task that dies (the node, the process, the CLI) is retried
by Ray (max_retries); the retried shard goes on from its store where it has it, and its push replaces
its own files in the lake. See README.md beside this file.
"""

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import ray


def parse(argv):
    run_options = []
    if "--" in argv:
        cut = argv.index("--")
        argv, run_options = argv[:cut], argv[cut + 1 :]
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--suite", required=True, help="the suite file (JSONL), readable on every node")
    p.add_argument("--shards", type=int, required=True, help="how many shards (Ray tasks)")
    p.add_argument("--lake", required=True, help="the lake folder, shared by every node")
    p.add_argument("--suite-run", help="the suite run's id (default: ray-<UTC time>)")
    p.add_argument("--stores", default="shards", help="where each shard's store goes (default: shards)")
    p.add_argument("--distillery", default=None,
                   help="the command that starts the CLI (default: ./distillery, else distillery on PATH)")
    p.add_argument("--num-cpus", type=float, default=1, help="CPUs a shard task reserves (default 1)")
    p.add_argument("--max-retries", type=int, default=3, help="Ray retries of a shard that died (default 3)")
    p.add_argument("--batch", type=int, default=4, help="summaries collected per ray.wait (default 4)")
    p.add_argument("--address", default=None, help="Ray cluster address (default: RAY_ADDRESS, else a local Ray)")
    p.add_argument("--local-cpus", type=int, default=None, help="num_cpus for a local Ray (ray.init)")
    p.add_argument("--summary", default=None, metavar="FILE",
                   help="also write the summary JSON to FILE (Ray's own log lines share stdout)")
    p.add_argument("--kill-first-try", type=int, default=None, metavar="K",
                   help="testing: kill shard K's CLI (SIGKILL) on its first try, as a lost node would")
    args = p.parse_args(argv)
    if args.shards < 1:
        p.error("--shards must be at least 1")
    args.run_options = run_options
    args.suite_run = args.suite_run or "ray-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    if args.distillery is None:
        local = os.path.abspath("distillery")
        args.distillery = local if os.access(local, os.X_OK) else "distillery"
    args.distillery = shlex.split(args.distillery)
    return args


def shard_command(args, k):
    """Shard k's command line, and the store it records into."""
    store = os.path.join(os.path.abspath(args.stores), f"shard-{k}.duckdb")
    command = [*args.distillery, "run", "--suite", os.path.abspath(args.suite),
               "--suite-run", args.suite_run, "--shard", f"{k}/{args.shards}",
               "--store", store, "--lake", os.path.abspath(args.lake), "--json", *args.run_options]
    return command, store


def run_shard(command, store, k, kill_marker):
    """One shard, in a Ray worker: the CLI's JSON summary, cut down to its totals."""
    os.makedirs(os.path.dirname(store), exist_ok=True)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if kill_marker is not None and not os.path.exists(kill_marker):
        open(kill_marker, "w").close()
        while not os.path.exists(store) and process.poll() is None:
            time.sleep(0.05)
        time.sleep(1.0)  # into its first attempts
        process.send_signal(signal.SIGKILL)  # mid-suite, as a lost node
        process.wait()
        os._exit(1)  # and the worker with it: Ray retries the task
    out, err = process.communicate()
    if process.returncode != 0:
        # an exception: Ray retries it (retry_exceptions), then hands it to the driver
        raise RuntimeError(f"shard {k}: distillery exited {process.returncode}: {err.strip()[-2000:]}")
    summary = json.loads(out)
    return {
        "shard": summary["shard"],
        "store": summary["store"],
        "total": summary["total"],
        "lake": summary.get("lake"),
    }


def main(argv):
    args = parse(argv)
    # once, before the shards: the launcher builds the jar when the sources changed, and N shards
    # must not all build it at once (on a cluster, ship it built: README.md)
    subprocess.run([*args.distillery, "--version"], check=True, stdout=subprocess.DEVNULL)
    if args.address or os.environ.get("RAY_ADDRESS"):
        ray.init(address=args.address)
    else:
        ray.init(num_cpus=args.local_cpus)
    task = ray.remote(num_cpus=args.num_cpus, max_retries=args.max_retries,
                      retry_exceptions=True)(run_shard)
    pending = []
    for k in range(1, args.shards + 1):
        command, store = shard_command(args, k)
        # beside the shard's store, which its worker makes the folder of before writing this
        marker = (os.path.join(os.path.dirname(store), f".killed-{k}")
                  if args.kill_first_try == k else None)
        pending.append(task.remote(command, store, k, marker))
    summaries = []
    while pending:
        done, pending = ray.wait(pending, num_returns=min(args.batch, len(pending)))
        for summary in ray.get(done):
            summaries.append(summary)
            total = summary["total"]
            print(f"shard {summary['shard']}: {total['attempts']} attempts, {total['passes']} passed",
                  file=sys.stderr, flush=True)
    attempts = sum(s["total"]["attempts"] for s in summaries)
    passes = sum(s["total"]["passes"] for s in summaries)
    graded = sum(s["total"]["graded"] for s in summaries)
    cost = sum(s["total"]["costUsd"] or 0 for s in summaries)
    result = json.dumps({
        "suite_run_id": args.suite_run,
        "shards": len(summaries),
        "attempts": attempts,
        "passes": passes,
        "pass_at_1": passes / graded if graded else None,
        "cost_usd": cost,
        "lake": os.path.abspath(args.lake),
        "per_shard": sorted(summaries, key=lambda s: int(s["shard"].split("/")[0])),
    }, indent=2)
    print(result)
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(result + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
