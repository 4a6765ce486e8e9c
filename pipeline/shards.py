"""Shards of a distributed run: the plan (inputs → shards), one shard's work, and the manifest.

Whatever engine runs them, one shard is one unit of work: one input file (Article JSONL or a
web archive) or a handful of small files (HTML, text, JSON) from a folder. Its output lands as
`awards/part-NNNNN.jsonl`, `articles/part-NNNNN.jsonl` and `errors/part-NNNNN.jsonl`, each
written under a temporary name and renamed into place, so a shard is either whole or absent:
a job killed and run again redoes exactly the shards that are missing, and never doubles a line.
`manifest.json` says which inputs went into which shard, with the rules digest and the version.
"""
from __future__ import annotations

import itertools
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.outputs import MANIFEST, loads_line
from pipeline.settings import current

KINDS = ("articles", "errors", "awards")   # renamed in this order: awards last
BIG_SUFFIXES = (".jsonl", ".warc", ".warc.gz")


@dataclass
class ShardSpec:
    """One unit of work: a shard name and the input files it reads (absolute paths)."""

    name: str
    inputs: list[str]


@dataclass
class ShardJob:
    """What a worker needs to run one shard (plain data: it travels through the scheduler)."""

    spec: ShardSpec
    out: str
    rules_dir: str | None = None
    hosts: list[str] | None = None


@dataclass
class ShardResult:
    """What one shard did (returned to the driver; the lines themselves stay on disk)."""

    name: str
    articles: int = 0
    records: int = 0
    with_records: int = 0
    failures: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)   # web-archive records skipped, by reason
    worker: str = ""                                          # host:pid that ran it
    builds: int = 0                                           # pipelines that worker built so far


def plan_shards(paths: list[Path]) -> list[ShardSpec]:
    """Split the inputs into shards, in a stable order: the same inputs give the same plan."""
    from pipeline.inputs import iter_paths

    units: list[list[str]] = []
    small: list[str] = []
    per_shard = current().batch.files_per_shard  # small files (one article each) grouped per shard
    for path in iter_paths(paths):
        name = str(path.resolve())
        if name.lower().endswith(BIG_SUFFIXES) or not path.exists():
            units.append([name])
        else:
            small.append(name)
            if len(small) >= per_shard:
                units.append(small)
                small = []
    if small:
        units.append(small)
    return [ShardSpec(f"part-{n:05d}", files) for n, files in enumerate(units)]


def shard_path(out: Path, kind: str, name: str) -> Path:
    """Return where one kind of a shard's output lives: OUT/awards/part-00000.jsonl."""
    return out / kind / f"{name}.jsonl"


def shard_done(out: Path, name: str) -> bool:
    """True when all three of the shard's files are in place (each was renamed in whole)."""
    return all(shard_path(out, kind, name).is_file() for kind in KINDS)


def remove_leftovers(out: Path) -> None:
    """Delete temporary files a killed run left behind (never read: they are not part-*.jsonl)."""
    for kind in KINDS:
        for tmp in (out / kind).glob(".part-*.tmp*"):
            tmp.unlink(missing_ok=True)


def remove_shards(out: Path) -> None:
    """Delete every shard (the plan or the rules changed: all of them are stale)."""
    for kind in KINDS:
        for part in (out / kind).glob("part-*.jsonl"):
            part.unlink()


def run_shard(job: ShardJob, extractor) -> ShardResult:
    """Extract one shard's inputs with the given Extractor and put its three files in place."""
    from pipeline.inputs import read_articles
    from pipeline.models import ErrorRecord
    from pipeline.rules.sites import sites_dir
    from pipeline.warc import ArchiveOptions
    from pipeline.write import JsonlWriter

    out = Path(job.out)
    result = ShardResult(job.spec.name)
    archive = ArchiveOptions(hosts=frozenset(job.hosts) if job.hosts is not None else None)
    sites = sites_dir(job.rules_dir)
    suffix = f".tmp-{os.getpid()}"
    temps = {kind: shard_path(out, kind, "." + job.spec.name).with_suffix(".jsonl" + suffix) for kind in KINDS}
    seen: set[str] = set()
    writers = {kind: JsonlWriter(temps[kind]) for kind in KINDS}
    try:
        def articles():
            for item in read_articles([Path(p) for p in job.spec.inputs], sites_dir=sites, archive=archive):
                if isinstance(item, ErrorRecord):
                    writers["errors"].write(item.to_dict())
                    result.failures += 1
                elif (item.url or item.id) in seen:
                    result.duplicates += 1
                else:
                    seen.add(item.url or item.id)
                    yield item

        items = articles()
        while batch := list(itertools.islice(items, current().batch.batch_size)):
            for art, recs in extractor.process(batch):
                result.articles += 1
                if isinstance(recs, ErrorRecord):
                    writers["errors"].write(recs.to_dict())
                    result.failures += 1
                    continue
                writers["articles"].write(art.to_dict())
                for rec in recs:
                    writers["awards"].write(rec.to_dict())
                result.records += len(recs)
                result.with_records += bool(recs)
    finally:
        for w in writers.values():
            w.close()
    for kind in KINDS:  # each file whole or not at all; the shard counts as done once awards is in
        os.replace(temps[kind], shard_path(out, kind, job.spec.name))
    result.skipped = dict(archive.tally.skipped)
    return result


def drop_duplicates_across(out: Path, names: list[str]) -> int:
    """Drop from later shards the articles (and their records) an earlier shard already has.

    A one-process run keeps the first copy of an article met twice (same URL, else same id); a
    shard sees only its own inputs, so this pass over the shards, in plan order, makes a
    distributed run keep the same copies. Shards with nothing to drop are not touched; the others
    are rewritten whole (temporary file, rename). Returns the number of articles dropped.
    """
    seen: set[str] = set()
    dropped = 0
    for name in names:
        path = shard_path(out, "articles", name)
        if not path.is_file():
            continue
        doubles: set[str] = set()
        with open(path, "rb") as fh:
            for raw in fh:
                art = loads_line(raw)
                key = art.get("url") or art.get("id")
                if key in seen:
                    doubles.add(art.get("id"))
                seen.add(key)
        if doubles:
            dropped += len(doubles)
            # awards first: a kill between the two leaves the articles file to find them again
            _rewrite(shard_path(out, "awards", name), lambda obj: (obj.get("article") or {}).get("id") not in doubles)
            _rewrite(path, lambda obj: obj.get("id") not in doubles)
    return dropped


def _rewrite(path: Path, keep) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(path, "rb") as src, open(tmp, "wb") as dst:
        for raw in src:
            if keep(loads_line(raw)):
                dst.write(raw)
    os.replace(tmp, path)


@dataclass
class Manifest:
    """`manifest.json`: which inputs went into which shard, under which rules and version."""

    rules: str
    version: str = __version__
    engine: str = "dask"
    shards: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> "Manifest | None":
        """Return the folder's manifest, or None when there is none (or it is unreadable)."""
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            return cls(**{k: data[k] for k in ("rules", "version", "engine", "shards")})
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def same_plan(self, other: "Manifest") -> bool:
        """True when both cover the same inputs in the same shards under the same rules."""
        return self.rules == other.rules and self.version == other.version and \
            {k: v["inputs"] for k, v in self.shards.items()} == {k: v["inputs"] for k, v in other.shards.items()}

    def save(self, out: Path) -> None:
        """Write the manifest whole (temporary name, then rename)."""
        tmp = out / f".{MANIFEST}.tmp-{os.getpid()}"
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, out / MANIFEST)


def new_manifest(plan: list[ShardSpec], rules_digest: str) -> Manifest:
    """A manifest for a plan, with no shard done yet."""
    return Manifest(rules=rules_digest, shards={s.name: {"inputs": s.inputs, "done": False} for s in plan})


__all__ = ["KINDS", "Manifest", "drop_duplicates_across", "ShardJob", "ShardResult", "ShardSpec", "new_manifest", "plan_shards",
           "remove_leftovers", "remove_shards", "run_shard", "shard_done", "shard_path"]
