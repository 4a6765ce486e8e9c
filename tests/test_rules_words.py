"""rules/words.toml is where the nlp composer and the records stage read their word lists: a word added
there changes what they find, with no Python edited."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def taught(tmp_path_factory):
    """An Extractor on a copy of rules/ whose words.toml has two more words: "Sri" ends a name, "Bpk" ends
    no sentence."""
    from pipeline.rules import load_rules
    from pipeline.runner import Extractor

    copy = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(REPO / "rules", copy)
    words = copy / "words.toml"
    text = words.read_text(encoding="utf-8")
    text = text.replace('name_stop_words = ["Republik",', 'name_stop_words = ["Sri", "Republik",', 1)
    text = text.replace('abbreviations = ["dr",', 'abbreviations = ["Bpk", "dr",', 1)
    assert text != words.read_text(encoding="utf-8")
    words.write_text(text, encoding="utf-8")
    return Extractor(load_rules(copy))


def _persons(analyzer, text: str) -> list[str]:
    return [m.text for m in analyzer.mentions(text) if m.label == "PERSON"]


def test_rules_words_name_stop_word_ends_a_persons_name(analyzer, taught):
    text = "Penghargaan diterima Bupati Sleman Kustini Sri Purnomo di Jakarta."
    assert _persons(analyzer, text) == ["Kustini Sri Purnomo"]
    assert _persons(taught.analyzer, text) == ["Kustini"]


def test_rules_words_abbreviation_ends_no_sentence(rules, taught):
    from pipeline.records.context import sentence_bounds

    text = "Penghargaan diterima Bpk. Ahmad di Jakarta. Acara berlangsung meriah."
    assert len(sentence_bounds(text, rules)) == 3
    assert len(sentence_bounds(text, taught.rules)) == 2


def test_rules_words_event_preposition_makes_an_awards_name_its_event(tmp_path, records_of):
    """event_prepositions in words.toml: an award's own name after one is the event; add "lewat" and it is."""
    from pipeline.models import Article
    from pipeline.rules import load_rules
    from pipeline.runner import Extractor

    copy = tmp_path / "rules"
    shutil.copytree(REPO / "rules", copy)
    words = copy / "words.toml"
    text = words.read_text(encoding="utf-8")
    words.write_text(text.replace('event_prepositions = ["dalam",', 'event_prepositions = ["lewat", "dalam",', 1),
                     encoding="utf-8")
    article = ("Pemerintah Kabupaten Kampar meraih predikat Madya lewat Anugerah Parahita Ekapraya 2023 dari "
               "Kementerian PPPA. Penghargaan diserahkan kepada Bupati Kampar di Jakarta, Rabu (27/12/2023).")
    [rec] = records_of(article, published="2023-12-28")
    assert rec.event is None
    [(_, [taught])] = Extractor(load_rules(copy)).process([Article(text=article, published="2023-12-28")])
    assert taught.event == {"text": "Anugerah Parahita Ekapraya 2023"}
