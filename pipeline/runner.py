"""Wires the stages: inputs → nlp → records → write. The CLI only calls this module."""
from __future__ import annotations

import itertools
import multiprocessing as mp
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import NLPError, RecordError
from pipeline.models import Article, AwardRecord, ErrorRecord, Mention
from pipeline.nlp import Analyzer, normalise_text
from pipeline.records import build_records
from pipeline.rules import Rules, load_rules
from pipeline.pieces import shifted, split_text
from pipeline.settings import BATCH_SIZE, MAX_TEXT_CHARS, PIECE_CHARS
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
        try:
            analysed: list[_Analysed | ErrorRecord] = list(self._analyse(articles))
        except Exception:  # noqa: BLE001 - one article broke spaCy's batch: find it, keep the others
            if len(articles) == 1:
                analysed = [self._analyse_alone(articles[0])]
            else:
                analysed = [self._analyse_alone(art) for art in articles]
        return [(art, found if isinstance(found, ErrorRecord) else self._records(art, *found))
                for art, found in zip(articles, analysed)]

    def _analyse(self, articles: list[Article]) -> Iterator[_Analysed | ErrorRecord]:
        """Mentions of each article's body and title; long bodies in pieces, too long ones refused."""
        short = [a.text for a in articles if len(a.text) <= PIECE_CHARS]
        bodies = iter(list(self.analyzer.pipe(short)))
        titles = iter(list(self.analyzer.pipe([a.title or "" for a in articles], headlines=True)))
        for art in articles:
            title = next(titles)
            if len(art.text) <= PIECE_CHARS:
                yield next(bodies), title
            elif len(art.text) > MAX_TEXT_CHARS:
                err = NLPError(f"the text is {len(art.text):,} characters, over the limit of "
                               f"{MAX_TEXT_CHARS:,} (pipeline/settings.py MAX_TEXT_CHARS)")
                yield ErrorRecord(_where(art), err.stage, err.reason, err.code)
            else:
                pieces = split_text(art.text, PIECE_CHARS)
                found = self.analyzer.pipe([piece for _, piece in pieces])
                yield [m for (offset, _), ms in zip(pieces, found) for m in shifted(ms, offset)], title

    def _analyse_alone(self, art: Article) -> _Analysed | ErrorRecord:
        try:
            [found] = self._analyse([art])
            return found
        except Exception as exc:  # noqa: BLE001 - whatever spaCy raised, it is this article's error line
            err = NLPError(f"{type(exc).__name__}: {exc}")
            return ErrorRecord(_where(art), err.stage, err.reason, err.code)

    def _records(self, art: Article, mentions: list[Mention], titles: list[Mention]) -> list[AwardRecord] | ErrorRecord:
        try:
            return build_records(art, mentions, self.rules, titles)
        except Exception as exc:  # noqa: BLE001 - a bug met by one odd article must not stop the batch
            err = RecordError(f"{type(exc).__name__}: {exc}")
            return ErrorRecord(_where(art), err.stage, err.reason, err.code)


_Analysed = tuple[list[Mention], list[Mention]]


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
        workers: int = 1, progress: bool = False) -> Summary:
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
