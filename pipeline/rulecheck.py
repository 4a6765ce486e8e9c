"""Check rule files against their own examples, and explain which rule found what in a text."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import RuleError, RuleErrors
from pipeline.models import Article, AwardRecord, Mention
from pipeline.nlp import Analyzer, normalise_text
from pipeline.records import build_records
from pipeline.rules import Rules, load_rules
from pipeline.rules.keys import AwardKey, family_of_key


@dataclass
class Explained:
    """What the pipeline saw in one text: tokens, spans with their rule and origin, records."""

    tokens: list[str]
    spans: list[tuple[Mention, str]]  # (mention, "file:line id" of the rule that found it)
    records: list[AwardRecord]


def check_rules(path: Path | None) -> tuple[Rules | None, list[RuleError]]:
    """Load and validate a rules folder, then run every example; return all problems found."""
    try:
        rules = load_rules(path)
    except RuleErrors as exc:
        return None, list(exc.errors)
    analyzer = Analyzer(rules)
    problems: list[RuleError] = []
    problems += _check_pattern_examples(rules, analyzer)
    problems += _check_award_examples(rules, analyzer)
    problems += _check_site_examples(rules)
    problems += _check_entity_examples(rules)
    return rules, problems


def _check_entity_examples(rules: Rules) -> list[RuleError]:
    """Each same/different pair of rules/entities.toml gives one key or two."""
    from pipeline.entities import check_entity_examples

    path = rules.entities.file
    return [RuleError(path, _line(path, f'"{pair[0]}", "{pair[1]}"') if Path(path).is_file() else None, msg)
            for pair, msg in check_entity_examples(rules)]


def _check_pattern_examples(rules: Rules, analyzer: Analyzer) -> list[RuleError]:
    out = []
    for p in rules.patterns:
        for ex in p.examples:
            text = normalise_text(ex)
            ms = analyzer.mentions(text)
            if not any(m.label == p.label and m.rule == p.id and m.start == 0 and m.end == len(text) for m in ms):
                got = ", ".join(f"{m.label}[{m.text}]" for m in ms if m.label == p.label) or "nothing"
                out.append(RuleError(p.file, p.line, f"example {ex!r} is not matched whole by {p.label} rule "
                                                     f"{p.id!r} (found {got})"))
        for ex in p.counter_examples:
            ms = analyzer.mentions(normalise_text(ex))
            hit = [m for m in ms if m.label == p.label and m.rule == p.id]
            if hit:
                out.append(RuleError(p.file, p.line, f"counter-example {ex!r} is matched by {p.label} rule "
                                                     f"{p.id!r}: {hit[0].text!r}"))
    return out


def _check_award_examples(rules: Rules, analyzer: Analyzer) -> list[RuleError]:
    """An award example must name its family; a counter-example must not, unless a cue says it is no award."""
    out = []
    for fam in rules.awards.values():
        key = str(AwardKey(fam.id))
        for ex in fam.examples:
            ms = analyzer.mentions(normalise_text(ex))
            if not any(m.kb_id == key for m in ms):
                out.append(RuleError(fam.file, _line(fam.file, ex), f"example {ex!r} does not name award family {fam.id!r}"))
        for ex in fam.counter_examples:
            ms = analyzer.mentions(normalise_text(ex))
            negated = any(m.label in ("PLAN_CUE", "NOT_AWARD", "THANKS_CUE") for m in ms)
            if any(m.kb_id == key for m in ms) and not negated:
                out.append(RuleError(fam.file, _line(fam.file, ex),
                                     f"counter-example {ex!r} is read as award family {fam.id!r}"))
    return out


def _check_site_examples(rules: Rules) -> list[RuleError]:
    """Load every site profile and extract each profile's example page as it says."""
    from pipeline.extract.examples import check_site_examples
    from pipeline.rules.sites import load_sites

    sites = rules.path / "sites"
    if not sites.is_dir():
        return []
    try:
        load_sites(sites)
    except RuleError as exc:
        return [exc]
    out = []
    for res in check_site_examples(sites):
        for prob in res.problems:
            out.append(RuleError(str(sites / f"{res.profile}.toml"), None, f"example {res.file}: {prob}"))
    return out


def _line(path: str, needle: str) -> int | None:
    text = Path(path).read_text(encoding="utf-8")
    idx = text.find(needle[:40])
    return text.count("\n", 0, idx) + 1 if idx >= 0 else None


def rule_origin(rules: Rules, m: Mention) -> str:
    """Where the rule behind a mention lives: `file:line id`."""
    if m.kb_id in rules.gazetteer:
        e = rules.gazetteer[m.kb_id]
        if m.label == e.label:
            return f"{e.file}:{e.line} {e.id}"
    if (fid := family_of_key(m.kb_id)) is not None:
        fam = rules.awards.get(fid)
        if fam:
            return f"{fam.file} {m.kb_id}"
    for p in rules.patterns:
        if p.id and p.id == m.rule and p.label == m.label:
            return f"{p.file}:{p.line} {p.id}"
    cue = next((p for p in rules.patterns if p.id == m.kb_id), None)
    base = f"pipeline/nlp/compose.py ({m.label.lower()})"
    return f"{base} after {cue.file}:{cue.line} {cue.id}" if cue else base


def explain(text: str, rules: Rules, published: str | None = None, title: str | None = None) -> Explained:
    """Run the whole pipeline on one text and say which rule found each span."""
    analyzer = Analyzer(rules)
    text = normalise_text(text)
    doc = analyzer.nlp.make_doc(text)
    mentions = analyzer.mentions(text)
    title_ms = analyzer.mentions(title) if title else []
    art = Article(text=text, title=title, published=published)
    records = build_records(art, mentions, rules, title_ms)
    return Explained(tokens=[t.text for t in doc], spans=[(m, rule_origin(rules, m)) for m in mentions],
                     records=records)
