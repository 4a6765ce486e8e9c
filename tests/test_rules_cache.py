"""The disk cache of validated rules: used while the rules are unchanged, rebuilt when one changes."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import pipeline.rules as rules_pkg
from pipeline.errors import RuleErrors
from pipeline.rules import diskcache, load_rules

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A copy of the rules, an empty cache folder, and no rules cached in this process."""
    monkeypatch.setenv("WARTA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(rules_pkg, "_CACHE", {})
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    return folder


def test_rules_cache_is_used_while_the_rules_are_unchanged(fresh, monkeypatch):
    first = load_rules(fresh)
    assert diskcache.cache_file(first.digest, fresh).is_file()
    # a new process (no rules in memory) whose parsers would fail: the cache answers
    monkeypatch.setattr(rules_pkg, "_CACHE", {})
    monkeypatch.setattr(rules_pkg, "load_patterns", lambda *a: pytest.fail("rules parsed again"))
    again = load_rules(fresh)
    assert again.digest == first.digest and again.path == fresh
    assert [p.id for p in again.patterns] == [p.id for p in first.patterns]
    assert set(again.gazetteer) == set(first.gazetteer)


def test_rules_cache_is_rebuilt_when_a_rule_changes(fresh, monkeypatch):
    first = load_rules(fresh)
    tsv = fresh / "gazetteers" / "agencies.tsv"
    monkeypatch.setattr(rules_pkg, "_CACHE", {})
    tsv.write_text(tsv.read_text(encoding="utf-8") + "# a note added by the user\n", encoding="utf-8")
    monkeypatch.setattr(rules_pkg, "load_patterns", _counting(rules_pkg.load_patterns, calls := []))
    changed = load_rules(fresh)
    assert calls, "the changed rules were not parsed again"
    assert changed.digest != first.digest and diskcache.cache_file(changed.digest, fresh).is_file()
    # and a broken rule is refused, whatever is cached
    monkeypatch.setattr(rules_pkg, "_CACHE", {})
    (fresh / "patterns" / "broken.jsonl").write_text('{"label": "X", "pattern": [{"LOWR": "a"}]}\n{not json\n')
    with pytest.raises(RuleErrors):
        load_rules(fresh)


def _counting(func, calls: list):
    def wrapper(*args):
        calls.append(args)
        return func(*args)
    return wrapper


def test_rules_cache_keeps_apart_the_same_rules_in_two_folders(fresh, tmp_path, monkeypatch):
    # Loaded rules remember their files (file:line messages): a copy elsewhere is its own entry.
    other = tmp_path / "other-rules"
    shutil.copytree(fresh, other)
    first, second = load_rules(fresh), load_rules(other)
    assert first.digest == second.digest
    assert diskcache.cache_file(first.digest, fresh) != diskcache.cache_file(second.digest, other)
    monkeypatch.setattr(rules_pkg, "_CACHE", {})
    assert str(load_rules(other).path) == str(other)


def test_rules_cache_keeps_only_the_most_recently_used_entries(fresh):
    from pipeline.settings import current

    keep = current().cache.keep_checked
    cache = diskcache.cache_dir()
    diskcache.store_entry("sites", "other-kind", fresh, {"n": -1})
    for i in range(keep + 5):  # entries of ever newer rules; each written an hour after the one before
        diskcache.store_entry("rules", f"digest{i}", fresh, {"n": i})
        os.utime(diskcache.cache_file(f"digest{i}", fresh), (3600 * (i + 1),) * 2)
    assert sorted(p.name for p in cache.glob("rules-*")) == sorted(
        diskcache.cache_file(f"digest{i}", fresh).name for i in range(5, keep + 5))
    # an old entry that is used again is kept; the least recently used one goes instead
    assert diskcache.load_entry("rules", "digest5", fresh) == {"n": 5}
    diskcache.store_entry("rules", "newest", fresh, {"n": 99})
    assert diskcache.cache_file("digest5", fresh).is_file()
    assert not diskcache.cache_file("digest6", fresh).exists()
    assert len(list(cache.glob("rules-*"))) == keep
    assert diskcache.load_entry("sites", "other-kind", fresh) == {"n": -1}  # another kind is its own
