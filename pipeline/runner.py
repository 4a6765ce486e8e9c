"""Wires the stages: inputs → nlp → records → write. The CLI only calls this module."""
from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import NLPError, OutputError, RecordError
from pipeline.inputs import Unchecked
from pipeline.models import Article, AwardRecord, ErrorRecord, Mention
from pipeline.nlp import Analyzer, normalise_text
from pipeline.outputs import ARTICLES, AWARDS, ERRORS
from pipeline.pieces import shifted, split_text
from pipeline.progress import Progress
from pipeline.records import build_records
from pipeline.rules import Rules, load_rules
from pipeline.runstate import FolderLock, RunState, error_key, fingerprint
from pipeline.settings import current
from pipeline.write import JsonlWriter, dumps_line


@dataclass
class Summary:
    """What one run did: counts for the user and the exit status."""

    articles: int = 0
    with_records: int = 0
    records: int = 0
    failures: int = 0
    duplicates: int = 0
    already_done: int = 0
    replaced: int = 0
    replaced_records: int = 0
    seconds: float = 0.0
    out: Path | None = None
    failed_inputs: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One-line human summary."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        notes = [f"{_n(self.duplicates, 'duplicate')} skipped"] if self.duplicates else []
        if self.already_done:
            notes.insert(0, f"already done: {self.already_done}")
        if self.replaced:
            notes.append(f"{_n(self.replaced, 'changed article')} re-extracted, "
                         f"{_n(self.replaced_records, 'old record')} replaced")
        extra = f" ({'; '.join(notes)})" if notes else ""
        return (f"read {_n(self.articles, 'article')}{extra}, wrote {_n(self.records, 'record')} from "
                f"{_n(self.with_records, 'article')}, {self.failures} failed, in {self.seconds:.1f} s "
                f"({rate:.1f} articles/s) → {self.out}")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


class Extractor:
    """One process's extraction machinery: rules, spaCy pipeline, records builder."""

    def __init__(self, rules: Rules, batch_size: int | None = None) -> None:
        self.rules = rules
        self.analyzer = Analyzer(rules, batch_size=batch_size)

    def process(self, items: list[Article | Unchecked]) -> list[tuple[Article, list[AwardRecord] | ErrorRecord]]:
        """Extract records for a batch; an article that breaks a stage becomes an ErrorRecord.

        Unchecked lines are checked here first (date line, language): one that fails comes back as
        its `read` ErrorRecord, in its place.
        """
        ready = [(it.article, it.finish()) if isinstance(it, Unchecked) else (it, it) for it in items]
        done = iter(self._process([found for _, found in ready if isinstance(found, Article)]))
        return [next(done) if isinstance(found, Article) else (art, found) for art, found in ready]

    def _process(self, articles: list[Article]) -> list[tuple[Article, list[AwardRecord] | ErrorRecord]]:
        if not articles:
            return []
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
        batch = current().batch  # [batch] piece_chars, max_text_chars
        short = [a.text for a in articles if len(a.text) <= batch.piece_chars]
        bodies = iter(list(self.analyzer.pipe(short)))
        titles = iter(list(self.analyzer.pipe([a.title or "" for a in articles], headlines=True)))
        for art in articles:
            title = next(titles)
            if len(art.text) <= batch.piece_chars:
                yield next(bodies), title
            elif len(art.text) > batch.max_text_chars:
                err = NLPError(f"the text is {len(art.text):,} characters, over the limit of "
                               f"{batch.max_text_chars:,} ([batch] max_text_chars in settings)")
                yield ErrorRecord(_where(art), err.stage, err.reason, err.code)
            else:
                pieces = split_text(art.text, batch.piece_chars)
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
    for art, result in extract_results(articles, rules_dir):
        yield art, result if isinstance(result, list) else []


def extract_results(articles: Iterable[Article], rules_dir: Path | None = None
                    ) -> Iterator[tuple[Article, list[AwardRecord] | ErrorRecord]]:
    """Yield (article, records or the ErrorRecord of the stage that failed) for each article, in order."""
    extractor = Extractor(load_rules(rules_dir))
    for batch in _batched(articles, current().batch.batch_size):
        yield from extractor.process(batch)


def _batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


# --- several processes: the pipeline is built once, here, and forked (copy-on-write) ----------
_WORKER: Extractor | None = None


def _init_worker(rules_dir: str) -> None:
    global _WORKER
    if _WORKER is None:  # spawned (macOS), not forked: build it here
        _WORKER = Extractor(load_rules(rules_dir))


def _work(batch: list[Article | Unchecked]):
    assert _WORKER is not None
    return _WORKER.process(batch)


def _results(items: Iterable[Article | Unchecked], rules: Rules, workers: int) -> Iterator[tuple[Article, list[AwardRecord] | ErrorRecord]]:
    """Processed articles in input order, from this process or a pool of workers."""
    global _WORKER
    it = iter(items)
    first = next(it, None)
    if first is None:
        return  # nothing to extract (all done before): do not pay for building the pipeline
    items = itertools.chain([first], it)
    extractor = Extractor(rules)  # ~0.4 s: built once, before any worker exists
    if workers <= 1:
        for batch in _batched(items, current().batch.batch_size):
            yield from extractor.process(batch)
        return
    method = "spawn" if sys.platform == "darwin" else "fork"
    if isinstance(first, Unchecked):
        first.warm()  # loaded once here and shared, not once in each worker
    _WORKER = extractor if method == "fork" else None  # forked workers share the parent's pipeline
    gc.freeze()  # keep the pipeline's objects out of the workers' collections: their pages stay shared
    ctx = mp.get_context(method)
    try:
        with ctx.Pool(workers, initializer=_init_worker, initargs=(str(rules.path),)) as pool:
            # imap keeps input order, so output is byte-identical to a one-process run.
            for chunk in pool.imap(_work, _batched(items, 16), chunksize=1):
                yield from chunk
    finally:
        _WORKER = None
        gc.unfreeze()


@dataclass
class _Pending:
    """What the output files hold beyond the last commit of the run state."""

    done: list[tuple[str, str]] = field(default_factory=list)
    stale: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    since: float = field(default_factory=time.monotonic)

    def due(self) -> bool:
        """True when enough is written to commit (a killed run redoes at most this much)."""
        every = current().batch  # a killed run redoes at most commit_every articles or commit_seconds
        return len(self.done) >= every.commit_every or time.monotonic() - self.since >= every.commit_seconds

    def clear(self) -> None:
        """Forget what was just committed."""
        self.done, self.stale, self.errors, self.since = [], [], [], time.monotonic()


def run(items: Iterable[Article | Unchecked | ErrorRecord], out: Path, *, rules_dir: Path | None = None,
        workers: int | None = None, progress: bool = False, total: int | None = None, fresh: bool = False,
        wait: bool = False, min_confidence: float | None = None) -> Summary:
    """Extract records from every input into out's awards/articles/errors JSONL, adding to what is there.

    Articles already done with the same text and rules are skipped; changed ones are extracted
    again and their old lines replaced; `fresh` starts over. One process at a time holds out.
    workers and min_confidence not given are [batch] workers and [records] min_confidence.
    """
    workers = current().batch.workers if workers is None else workers
    min_confidence = current().records.min_confidence if min_confidence is None else min_confidence
    rules = load_rules(rules_dir)  # refuses to start on a broken rule file
    started = time.monotonic()
    summary = Summary(out=out)
    with FolderLock(out, wait=wait, command="warta run"):
        state = RunState(out, fresh=fresh)
        try:
            bar = Progress(total, enabled=progress, desc="warta run")
            try:
                _extract_into(items, out, rules, state, summary, bar, workers, min_confidence)
            finally:
                bar.close()
            summary.replaced_records = state.compact()
        finally:
            state.close()
    summary.seconds = time.monotonic() - started
    return summary


def _extract_into(items: Iterable[Article | Unchecked | ErrorRecord], out: Path, rules: Rules, state: RunState,
                  summary: Summary, bar: Progress, workers: int, min_confidence: float) -> None:
    """The run's loop: filter what is done, extract the rest, write whole lines, commit the state."""
    seen: set[str] = set()
    meta: deque[tuple[str, bool]] = deque()  # (fingerprint, replaces old lines) of each article sent
    pending = _Pending()
    lock = threading.Lock()  # the pool's feeder thread writes read errors while this one writes records
    skipped = 0
    with JsonlWriter(out / AWARDS, append=True) as awards, JsonlWriter(out / ARTICLES, append=True) as arts, \
            JsonlWriter(out / ERRORS, append=True) as errors:
        start = {AWARDS: awards.size, ARTICLES: arts.size}

        def fail(err: ErrorRecord) -> None:
            summary.failures += 1
            summary.failed_inputs.append(err.input)
            key = error_key(err.input, err.stage, err.reason)
            with lock:
                if key not in pending.errors and not state.error_seen(key):  # the same failure: one line
                    errors.write(err.to_dict())
                    pending.errors.append(key)

        def commit() -> None:
            with lock:
                for writer in (awards, arts, errors):
                    writer.flush()
                state.commit({AWARDS: awards.size, ARTICLES: arts.size, ERRORS: errors.size},
                             pending.done, pending.stale, pending.errors)
                pending.clear()

        # What else an article was done with: the rules, the settings its records depend on and
        # --min-confidence; other ones redo it.
        done_with = f"{rules.digest}|{current().records_digest()}|{min_confidence}"

        def to_extract() -> Iterator[Article | Unchecked]:
            nonlocal skipped
            for item in items:
                if isinstance(item, ErrorRecord):
                    fail(item)
                    skipped += 1
                    continue
                art = item.article if isinstance(item, Unchecked) else item
                key = art.url or art.id
                if key in seen:
                    summary.duplicates += 1  # one page met twice (a saved copy and a JSON copy)
                    skipped += 1
                    continue
                seen.add(key)
                art.text = normalise_text(art.text)
                # An Unchecked article's date is still its raw line: the same line gives the same date.
                fp = fingerprint(art, done_with)
                with lock:
                    old = state.fingerprint_of(art.id)
                if old == fp:
                    summary.already_done += 1
                    skipped += 1
                    continue
                meta.append((fp, old is not None))
                yield item

        for art, result in _results(to_extract(), rules, workers):
            fp, replaces = meta.popleft()
            if isinstance(result, ErrorRecord) and result.stage == "read":  # an Unchecked line failed its check
                fail(result)
                skipped += 1
                bar.update_to(summary.articles + skipped)
                continue
            summary.articles += 1
            if replaces:
                summary.replaced += 1
                pending.stale += [(art.id, AWARDS, start[AWARDS]), (art.id, ARTICLES, start[ARTICLES])]
            if isinstance(result, ErrorRecord):
                fail(result)
            else:
                result = [r for r in result if r.confidence >= min_confidence]  # --min-confidence
                _write_article(art, result, awards, arts, fail, summary)
            pending.done.append((str(art.id), fp))
            bar.update_to(summary.articles + skipped)
            if pending.due():
                commit()
        bar.update_to(summary.articles + skipped)
        commit()


def _write_article(art: Article, records: list[AwardRecord], awards: JsonlWriter, arts: JsonlWriter,
                   fail, summary: Summary) -> None:
    """Write one article's records and its line; one that cannot be encoded is one error line."""
    try:
        record_lines = "".join(dumps_line(rec.to_dict()) for rec in records).encode("utf-8")
        article_line = dumps_line(art.to_dict()).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError) as exc:
        err = OutputError(f"{type(exc).__name__}: {exc}")
        fail(ErrorRecord(_where(art), err.stage, err.reason, err.code))
        return
    if record_lines:
        awards.write_line(record_lines)  # all of an article's records land together, or none
    arts.write_line(article_line)
    summary.records += len(records)
    summary.with_records += bool(records)


__all__ = ["run", "extract_records", "extract_results", "Extractor", "Summary"]
