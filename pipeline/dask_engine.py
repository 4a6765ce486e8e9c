"""`warta run --engine dask`: extraction on Dask distributed, one task per shard (pipeline/shards.py).

Without `--scheduler` a LocalCluster starts on this machine (`--workers N` processes, one
thread each); with one, the tasks go to an existing cluster whose workers have warta installed
and see the same paths. Each worker builds the spaCy pipeline once, on its first shard, and
keeps it for every later shard (a module-level cache): only the shard's paths travel through
the scheduler, never the pipeline. A shard already in the output folder is not run again.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import EngineError, InputError
from pipeline.outputs import AWARDS
from pipeline.shards import (Manifest, ShardJob, ShardResult, drop_duplicates_across, new_manifest, plan_shards,
                             remove_leftovers, remove_shards, run_shard, shard_done)


# --- on the worker -------------------------------------------------------------------------------
_EXTRACTORS: dict[tuple[str, str], object] = {}
_BUILDS = 0
_LOCK = threading.Lock()


def worker_extractor(rules_dir: str | None):
    """Return this worker process's Extractor for the rules, building it on first use only."""
    global _BUILDS
    from pipeline.rules import load_rules
    from pipeline.runner import Extractor

    rules = load_rules(rules_dir)
    key = (str(rules.path.resolve()), rules.digest)  # edited rules: a new pipeline
    with _LOCK:  # a worker with several threads still builds it once
        if key not in _EXTRACTORS:
            _EXTRACTORS[key] = Extractor(rules)
            _BUILDS += 1
        return _EXTRACTORS[key]


def shard_task(job: ShardJob) -> ShardResult:
    """The Dask task: run one shard with this worker's cached pipeline."""
    result = run_shard(job, worker_extractor(job.rules_dir))
    result.worker, result.builds = f"{socket.gethostname()}:{os.getpid()}", _BUILDS
    return result


# --- on the driver -------------------------------------------------------------------------------
@dataclass
class DaskSummary:
    """What a Dask run did, for the user and the exit status."""

    out: Path
    shards: int = 0
    already_done: int = 0
    ran: int = 0
    failed_shards: list[str] = field(default_factory=list)
    articles: int = 0
    records: int = 0
    with_records: int = 0
    failures: int = 0
    duplicates: int = 0
    dropped: int = 0          # articles already in an earlier shard, dropped with their records
    skipped: Counter = field(default_factory=Counter)
    workers: set[str] = field(default_factory=set)
    seconds: float = 0.0

    def add(self, res: ShardResult) -> None:
        """Count one finished shard."""
        self.ran += 1
        self.articles += res.articles
        self.records += res.records
        self.with_records += res.with_records
        self.failures += res.failures
        self.duplicates += res.duplicates
        self.skipped.update(res.skipped)
        self.workers.add(res.worker)

    def line(self) -> str:
        """One-line human summary."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        done = f", {self.already_done} already done" if self.already_done else ""
        failed = f", {len(self.failed_shards)} shard(s) failed" if self.failed_shards else ""
        dup = f" ({self.duplicates} duplicate{'s' * (self.duplicates != 1)} skipped)" if self.duplicates else ""
        return (f"ran {self.ran} of {self.shards} shards on {len(self.workers)} worker(s){done}{failed}: "
                f"read {self.articles} articles{dup}, wrote {self.records} records from {self.with_records} "
                f"articles, {self.failures} failed, in {self.seconds:.1f} s ({rate:.1f} articles/s) → {self.out}"
                + (f"; dropped {self.dropped} articles an earlier shard has, with their records" if self.dropped else ""))


def run_dask(paths: list[Path], out: Path, *, rules_dir: Path | None = None, workers: int | None = None,
             scheduler: str | None = None, hosts: frozenset[str] | None = None) -> DaskSummary:
    """Extract every input on Dask into OUT's shards; shards already there are kept, not redone."""
    from pipeline.rules import load_rules
    from pipeline.settings import current

    workers = current().batch.workers if workers is None else workers

    rules = load_rules(rules_dir)  # a broken rule file stops us before any cluster starts
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    if (out / AWARDS).exists():
        raise InputError(f"{out} holds a one-process run's {AWARDS}: give the Dask run its own --out folder",
                         input=str(out))
    plan = plan_shards(paths)
    manifest = new_manifest(plan, rules.digest)
    old = Manifest.load(out)
    if old is None or not old.same_plan(manifest):
        remove_shards(out)  # other inputs, rules or version: no shard there can be kept
    remove_leftovers(out)
    summary = DaskSummary(out=out, shards=len(plan))
    todo = []
    for spec in plan:
        # The files are the truth: a shard's three files are renamed in whole, so all three there
        # means done, even when the run was killed before its manifest said so.
        if old is not None and shard_done(out, spec.name):
            before = old.shards.get(spec.name, {})
            manifest.shards[spec.name] = before if before.get("done") else {**before, **_counted(out, spec.name)}
            summary.already_done += 1
        else:
            todo.append(spec)
    manifest.save(out)
    absolute = str(out.resolve())
    jobs = [ShardJob(spec, absolute, str(rules.path.resolve()), sorted(hosts) if hosts is not None else None)
            for spec in todo]
    if jobs:
        with _client(scheduler, workers) as client:
            _run_jobs(client, jobs, manifest, summary)
    # The same article in two inputs: keep the first copy, as a one-process run does.
    summary.dropped = drop_duplicates_across(out, [spec.name for spec in plan])
    summary.seconds = time.monotonic() - started
    return summary


def _counted(out: Path, name: str) -> dict:
    """The manifest entry of a shard found done on disk: its lines counted."""
    from pipeline.shards import shard_path

    lines = {kind: sum(1 for _ in open(shard_path(out, kind, name), "rb")) for kind in ("articles", "awards", "errors")}
    return {"done": True, "articles": lines["articles"], "records": lines["awards"], "failures": lines["errors"]}


def _run_jobs(client, jobs: list[ShardJob], manifest: Manifest, summary: DaskSummary) -> None:
    from distributed import as_completed

    futures = client.map(shard_task, jobs, pure=False)
    names = {f.key: job.spec.name for f, job in zip(futures, jobs)}
    for future in as_completed(futures):
        name = names[future.key]
        try:
            res = future.result()
        except Exception as exc:  # noqa: BLE001 - one shard's crash must not lose the others
            summary.failed_shards.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        # worker and how many pipelines it had built by then: 1 on every shard means built once, reused
        manifest.shards[name].update(done=True, articles=res.articles, records=res.records,
                                     failures=res.failures, worker=res.worker, worker_builds=res.builds)
        manifest.save(summary.out)  # after every shard: the manifest never claims a missing one
        summary.add(res)


@contextmanager
def _client(scheduler: str | None, workers: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the Dask engine needs Dask: pip install 'warta[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    # Processes, one thread each: spaCy holds the GIL, so threads would not run shards in parallel.
    with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


__all__ = ["DaskSummary", "EngineError", "run_dask", "shard_task", "worker_extractor"]
