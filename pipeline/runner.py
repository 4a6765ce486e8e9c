"""Wires the stages: inputs → nlp → records → write. The CLI only calls this module."""
from __future__ import annotations

import itertools
import multiprocessing as mp
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RecordError
from pipeline.models import Article, AwardRecord, ErrorRecord
from pipeline.nlp import Analyzer, normalise_text
from pipeline.records import build_records
from pipeline.rules import Rules, load_rules
from pipeline.settings import BATCH_SIZE
from pipeline.write import JsonlWriter


@dataclass
class Summary:
    """What one run did: counts for the user and the exit status."""

    articles: int = 0
    with_records: int = 0
    records: int = 0
    failures: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    out: Path | None = None
    failed_inputs: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One-line human summary."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        dup = f" ({_n(self.duplicates, 'duplicate')} skipped)" if self.duplicates else ""
        return (f"read {_n(self.articles, 'article')}{dup}, wrote {_n(self.records, 'record')} from "
                f"{_n(self.with_records, 'article')}, {self.failures} failed, in {self.seconds:.1f} s "
                f"({rate:.1f} articles/s) → {self.out}")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


class Extractor:
    """One process's extraction machinery: rules, spaCy pipeline, records builder."""

    def __init__(self, rules: Rules, batch_size: int = BATCH_SIZE) -> None:
        self.rules = rules
        self.analyzer = Analyzer(rules, batch_size=batch_size)

    def process(self, articles: list[Article]) -> list[tuple[Article, list[AwardRecord] | ErrorRecord]]:
        """Extract records for a batch; an article that breaks a stage becomes an ErrorRecord."""
        for art in articles:
            art.text = normalise_text(art.text)
        texts = [a.text for a in articles]
        titles = [a.title or "" for a in articles]
        out: list[tuple[Article, list[AwardRecord] | ErrorRecord]] = []
        body_mentions = self.analyzer.pipe(texts)
        title_mentions = self.analyzer.pipe(titles, headlines=True)
        for art, ms, tms in zip(articles, body_mentions, title_mentions):
            try:
                out.append((art, build_records(art, ms, self.rules, tms)))
            except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
                # A bug met by one odd article must not stop the batch: record it and go on.
                err = RecordError(f"{type(exc).__name__}: {exc}")
                out.append((art, ErrorRecord(_where(art), err.stage, err.reason, err.code)))
        return out


def _where(art: Article) -> str:
    return art.url or art.source.get("location") or art.id


def extract_records(articles: Iterable[Article], rules_dir: Path | None = None) -> Iterator[tuple[Article, list[AwardRecord]]]:
    """Yield (article, records) for each article, in order (errors yield an empty list)."""
    extractor = Extractor(load_rules(rules_dir))
    for batch in _batched(articles, BATCH_SIZE):
        for art, result in extractor.process(batch):
            yield art, result if isinstance(result, list) else []


def _batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


# --- multi-process: each worker builds its own pipeline once (it takes ~2 s) -------------------
_WORKER: Extractor | None = None


def _init_worker(rules_dir: str) -> None:
    global _WORKER
    _WORKER = Extractor(load_rules(rules_dir))


def _work(batch: list[Article]):
    assert _WORKER is not None
    return _WORKER.process(batch)


def _results(items: Iterable[Article], rules: Rules, workers: int) -> Iterator[tuple[Article, list[AwardRecord] | ErrorRecord]]:
    """Processed articles in input order, from this process or a pool of workers."""
    if workers <= 1:
        extractor = Extractor(rules)
        for batch in _batched(items, BATCH_SIZE):
            yield from extractor.process(batch)
        return
    ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(rules.path),)) as pool:
        # imap keeps input order, so output is byte-identical to a one-process run.
        for chunk in pool.imap(_work, _batched(items, 16), chunksize=1):
            yield from chunk


def run(items: Iterable[Article | ErrorRecord], out: Path, *, rules_dir: Path | None = None,
        workers: int = 1, progress: bool = False, min_confidence: float = 0.0) -> Summary:
    """Extract records from every input and write awards/articles/errors JSONL into out."""
    rules = load_rules(rules_dir)  # refuses to start on a broken rule file
    started = time.monotonic()
    summary = Summary(out=out)
    seen: set[str] = set()
    out.mkdir(parents=True, exist_ok=True)
    with JsonlWriter(out / "awards.jsonl") as awards, JsonlWriter(out / "articles.jsonl") as arts, \
            JsonlWriter(out / "errors.jsonl") as errors:

        def fail(err: ErrorRecord) -> None:
            errors.write(err.to_dict())
            summary.failures += 1
            summary.failed_inputs.append(err.input)

        def articles_only() -> Iterator[Article]:
            for item in items:
                if isinstance(item, ErrorRecord):
                    fail(item)
                elif (item.url or item.id) in seen:
                    summary.duplicates += 1  # one page met twice (a saved copy and a JSON copy)
                else:
                    seen.add(item.url or item.id)
                    yield item

        last = started
        for art, result in _results(articles_only(), rules, workers):
            summary.articles += 1
            if isinstance(result, ErrorRecord):
                fail(result)
                continue
            arts.write(art.to_dict())
            result = [r for r in result if r.confidence >= min_confidence]  # --min-confidence
            for rec in result:
                awards.write(rec.to_dict())
            summary.records += len(result)
            summary.with_records += bool(result)
            if progress and time.monotonic() - last > 1.0:
                last = time.monotonic()
                rate = summary.articles / (last - started)
                print(f"\r[warta] {summary.articles} articles, {summary.records} records, "
                      f"{summary.failures} failed, {rate:.1f} articles/s", end="", file=sys.stderr, flush=True)
        if progress and summary.articles:
            print(file=sys.stderr)
    summary.seconds = time.monotonic() - started
    return summary


__all__ = ["run", "extract_records", "Extractor", "Summary"]
