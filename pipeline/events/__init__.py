"""Award events across articles: `warta events` and the events.jsonl a run folder keeps current.

`build_events` links the records of one award event (the same press release on several sites,
rewritten, retitled, shortened, a follow-up) into one AwardEvent; `refresh_events(out_dir)`
rewrites a run folder's events.jsonl from all its records, whole or not at all.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.entities import entity_index
from pipeline.errors import InputError
from pipeline.events.build import build_events as _build
from pipeline.outputs import AWARDS, EVENTS, Problem, output_files, read_output
from pipeline.rules import load_rules
from pipeline.write import JsonlWriter


def build_events(records: Iterable[dict[str, Any]], rules_dir: Path | str | None = None) -> list[dict[str, Any]]:
    """Return the AwardEvents of record dicts, linked with the entity rules of rules_dir."""
    return _build(records, entity_index(load_rules(rules_dir)))


def write_events(events: list[dict[str, Any]], path: Path) -> None:
    """Write events to path through a temporary file renamed into place: readers see old or new, whole."""
    tmp = path.with_name(f".{path.name}.tmp")
    with JsonlWriter(tmp) as w:
        for ev in events:
            w.write(ev)
    os.replace(tmp, path)


def refresh_events(out_dir: Path | str, rules_dir: Path | str | None = None,
                   problems: list[Problem] | None = None) -> int:
    """Rewrite out_dir/events.jsonl from every record in out_dir; return the number of events."""
    out = Path(out_dir)
    try:
        output_files(out, "awards")
    except InputError:  # no records in this folder (yet): nothing to link
        return 0
    events = build_events(read_output(out, "awards", problems), rules_dir)
    write_events(events, out / EVENTS)
    return len(events)


__all__ = ["build_events", "write_events", "refresh_events", "AWARDS", "EVENTS"]
