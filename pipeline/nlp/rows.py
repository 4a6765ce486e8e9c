"""A plain-tuple copy of warta's span group, kept beside it in `doc.user_data`.

Reading a Span's label, ids and offsets builds a Python object and looks up strings; the
composer and `doc_mentions` each need every span, so warta's components record what they add
as rows too. The spaCy span group stays the interface: a row list whose length no longer
matches the group (another component changed it) is ignored and the group is read instead.
Without a span group (components built with write_spans=False) the rows are all there is.
"""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Span


class Row(NamedTuple):
    """One span as plain values: token offsets, label, knowledge-base id and rule id."""

    label: str
    start: int
    end: int
    kb_id: str = ""
    id: str = ""


def _table_key(key: str) -> tuple[str, str]:
    return ("warta_rows", key)


def add_rows(doc: Doc, key: str, new: list[Row], write_spans: bool = True) -> None:
    """Append rows to the doc's row copy and (write_spans) to its span group, as Spans."""
    if not write_spans:
        doc.user_data[_table_key(key)] = doc.user_data.get(_table_key(key), []) + new
        return
    strings = doc.vocab.strings
    hashes: dict[str, int] = {}  # each string hashed once per call, not three times per span

    def h(text: str) -> int:
        if text not in hashes:
            hashes[text] = strings.add(text)
        return hashes[text]

    spans = [Span(doc, r.start, r.end, label=h(r.label), kb_id=h(r.kb_id), span_id=h(r.id)) for r in new]
    if key in doc.spans:
        table = rows(doc, key)
        doc.spans[key].extend(spans)  # in place: rebuilding the group would re-read every span
    else:
        table = []
        doc.spans[key] = spans
    doc.user_data[_table_key(key)] = table + new


def rows(doc: Doc, key: str) -> list[Row]:
    """The rows of the doc's span group, from the copy while it is current."""
    if key not in doc.spans:
        return doc.user_data.get(_table_key(key), [])
    group = doc.spans[key]
    table = doc.user_data.get(_table_key(key))
    if table is not None and len(table) == len(group):
        return table
    strings = doc.vocab.strings
    names: dict[int, str] = {0: ""}  # each label and id hash looked up once
    out = []
    for s in group:
        label, kb, sid = s.label, s.kb_id, s.id
        for h in (label, kb, sid):
            if h not in names:
                names[h] = strings[h]
        out.append(Row(names[label], s.start, s.end, names[kb], names[sid]))
    return out
