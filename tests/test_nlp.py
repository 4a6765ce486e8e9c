"""The nlp stage: spans a rule author and the records stage rely on, and spaCy factory registration."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _spans(analyzer, text, label):
    return [(m.text, m.kb_id) for m in analyzer.mentions(text) if m.label == label]


@pytest.mark.parametrize("spelling", ["Kemenpan RB", "KemenPAN-RB", "Kementerian PANRB", "PAN-RB",
                                      "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"])
def test_nlp_agency_spellings_share_one_id(analyzer, spelling):
    found = _spans(analyzer, f"Penghargaan dari {spelling} diterima.", "AGENCY")
    assert (spelling, "kemenpanrb") in found


def test_nlp_official_title_and_name_with_honorifics_split_off(analyzer):
    text = "Penghargaan diterima Bupati Luwu, Dr. H. Basmin Mattayang, M.Pd. di Jakarta."
    assert ("Basmin Mattayang", "title_bupati") in _spans(analyzer, text, "PERSON")
    officials = [t for t, _ in _spans(analyzer, text, "OFFICIAL")]
    assert "Bupati Luwu, Dr. H. Basmin Mattayang, M.Pd." in officials


@pytest.mark.parametrize("text,gov,region", [
    ("Pemerintah Kabupaten (Pemkab) Bekasi meraih opini WTP.", "Pemerintah Kabupaten (Pemkab) Bekasi", "kab_bekasi"),
    ("Pemkot Bekasi meraih opini WTP.", "Pemkot Bekasi", "kota_bekasi"),
    ("Pemprov Jawa Tengah meraih opini WTP.", "Pemprov Jawa Tengah", "prov_jawa_tengah"),
])
def test_nlp_regional_government_resolved_by_its_cue(analyzer, text, gov, region):
    assert (gov, region) in _spans(analyzer, text, "GOV")


def test_nlp_unit_name_runs_over_its_proper_name_and_region(analyzer):
    units = [t for t, _ in _spans(analyzer, "RSUD A.M. Parikesit Kabupaten Kutai Kartanegara meraih predikat A.",
                                  "UNIT_NAME")]
    assert units == ["RSUD A.M. Parikesit Kabupaten Kutai Kartanegara"]


def test_nlp_event_venue_and_date_spans(analyzer):
    text = ("Penghargaan diserahkan dalam acara Penyampaian Hasil Evaluasi Pelayanan Publik Tahun 2018, "
            "di Balai Kartini, Jakarta Selatan, Selasa (27/11).")
    assert [t for t, _ in _spans(analyzer, text, "EVENT")] == ["Penyampaian Hasil Evaluasi Pelayanan Publik Tahun 2018"]
    assert [t for t, _ in _spans(analyzer, text, "VENUE")] == ["Balai Kartini, Jakarta Selatan"]
    assert "Selasa (27/11)" in [t for t, _ in _spans(analyzer, text, "DATE")]


def test_nlp_numbers_are_not_dates(analyzer):
    text = "Nilai indeks rata-rata 3,08 sesuai Keputusan Menteri No. 176 Tahun 2018."
    assert _spans(analyzer, text, "DATE") == []


def test_nlp_factories_work_in_a_users_own_pipeline(tmp_path):
    # Registered through the spacy_factories entry points: no import of warta's package needed.
    code = ("import spacy, json; nlp = spacy.blank('id'); "
            f"nlp.add_pipe('warta_patterns', config={{'rules_dir': {str(REPO / 'rules')!r}}}); "
            f"nlp.add_pipe('warta_gazetteer', config={{'rules_dir': {str(REPO / 'rules')!r}}}); "
            f"nlp.add_pipe('warta_compose', config={{'rules_dir': {str(REPO / 'rules')!r}}}); "
            "doc = nlp('Pemkab Bekasi menerima penghargaan dari KemenPAN-RB, Selasa (27/11).'); "
            "print(json.dumps([[s.text, s.label_, s.kb_id_] for s in doc.spans['warta']]))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    spans = json.loads(proc.stdout)
    assert ["Pemkab Bekasi", "GOV", "kab_bekasi"] in spans and ["KemenPAN-RB", "AGENCY", "kemenpanrb"] in spans
    assert ["Selasa (27/11)", "DATE", ""] in spans


# --- anchored token patterns: the same matches as spaCy's Matcher over the whole doc ----------

def _texts() -> list[str]:
    """Every article text warta has at hand: the corpus, and the shared dev articles when present."""
    folders = [REPO / "corpus" / "articles", REPO.parent / "shared" / "dev-articles" / "articles"]
    return [json.loads(f.read_text(encoding="utf-8"))["text"]
            for folder in folders if folder.is_dir() for f in sorted(folder.glob("*.json"))]


def test_anchored_patterns_find_exactly_what_the_matcher_finds(rules):
    from spacy.matcher import Matcher

    from pipeline.nlp import normalise_text
    from pipeline.nlp.anchors import AnchoredMatcher
    from pipeline.nlp.components import blank_indonesian
    from pipeline.nlp.phrases import compile_token_pattern

    nlp = blank_indonesian()
    token_rules = [(r.id, r.pattern) for r in rules.patterns if compile_token_pattern(r.pattern) is None]
    assert len(token_rules) >= 10
    full = Matcher(nlp.vocab)
    for key, pattern in token_rules:
        full.add(key, [pattern])
    anchored = AnchoredMatcher(nlp.vocab, token_rules)
    texts = _texts()
    assert len(texts) >= 13
    found = 0
    for text in texts:
        doc = nlp.make_doc(normalise_text(text))
        expected = sorted(full(doc), key=lambda m: (m[1], m[2], m[0]))
        assert anchored(doc) == expected, text[:80]
        found += len(expected)
    assert found > len(texts)  # the comparison saw real dates and counts, not two empty lists


# --- the tokenizer's prefix search: anchored once, same matches as spaCy's regex ---------------

_PREFIX_CASES = ["(27/11)", "\"Predikat", "...dan", "US$5", "Rp3,08", "«Anugerah»", "<b/>Bupati", "<a href=x>",
                 "kata<a href=x>", "ab<strong />", "((A-))", "—Sleman", "#WBK", "", "x"]


def test_prefix_search_matches_spacys_compiled_regex_on_every_chunk():
    import spacy
    from spacy.util import compile_prefix_regex

    from pipeline.nlp.tokenizer import PrefixSearch

    defaults = spacy.blank("id").Defaults
    prefixes = defaults.prefixes
    stock, fast = compile_prefix_regex(prefixes), PrefixSearch(prefixes)
    # each whitespace chunk the tokenizer splits, and every tail of it (it strips prefixes in turn);
    # spaCy's ~16,000 Indonesian special cases ("(27/11)"-like punctuation, hyphenated words) ship
    # with spaCy, so the count holds in a clone without ../shared (whose texts add more when present)
    words = [c for text in _texts() for c in text.split()] + list(defaults.tokenizer_exceptions)
    chunks = {c[i:] for c in words for i in range(len(c))} | set(_PREFIX_CASES)
    assert len(chunks) > 10_000
    differ = []
    for chunk in chunks:
        a, b = stock.search(chunk), fast.search(chunk)
        if (a and a.span()) != (b and b.span()):
            differ.append(chunk)
    assert not differ, differ[:10]
    # the unanchored HTML branch of spaCy's prefixes is honoured: found past the start, as stock does
    assert fast.search("kata<a href=x>").span() == (4, 14)
    assert fast.pattern == stock.pattern  # what Tokenizer.to_bytes saves


def test_nlp_infix_search_finds_what_spacys_infix_regex_finds():
    import spacy
    from spacy.util import compile_infix_regex

    from pipeline.nlp.tokenizer import InfixFinditer

    defaults = spacy.blank("id").Defaults
    stock, fast = compile_infix_regex(defaults.infixes), InfixFinditer(defaults.infixes)
    assert fast.skips_words  # every Indonesian infix starts with punctuation or a symbol: plain words are skipped
    assert fast.pattern == stock.pattern  # what Tokenizer.to_bytes saves
    words = [c for text in _texts() for c in text.split()] + list(defaults.tokenizer_exceptions)
    chunks = {c[i:j] for c in set(words) for i in range(min(len(c), 3)) for j in range(max(i + 1, len(c) - 3), len(c) + 1)}
    assert len(chunks) > 10_000
    differ = [c for c in chunks if [m.span() for m in stock.finditer(c)] != [m.span() for m in fast.finditer(c)]]
    assert not differ, differ[:10]
    # a pattern whose first character may be a letter or digit turns the shortcut off: searched as spaCy does
    for unsure in (r"\w-", "-?a", "(?=a)", "(?i)-", "[^a]"):
        assert not InfixFinditer([unsure]).skips_words, unsure
    assert [m.span() for m in InfixFinditer([r"(?<=[a-z])x"]).finditer("axb")] == [(1, 2)]


def test_nlp_tokenizer_remembers_more_chunks_and_still_splits_like_stock_spacy():
    """Past spaCy's 10,000 cached chunks, warta's tokenizer keeps caching; cached or not, the tokens are stock."""
    import spacy

    from pipeline.nlp.components import blank_indonesian
    from pipeline.settings import current

    ours, stock = blank_indonesian(), spacy.blank("id")
    assert ours.tokenizer.max_cache_size == current().batch.tokenizer_cache_chunks > stock.tokenizer.max_cache_size
    # 12,000 distinct chunks with affixes (brackets, commas, dates, hyphens), then the same again from the cache
    texts = [f"(Kab{n}) meraih{n}, predikat A- pada (27/11) di Kemenpan-RB{n}." for n in range(3000)]
    first = [[t.text for t in doc] for doc in ours.tokenizer.pipe(texts)]
    again = [[t.text for t in doc] for doc in ours.tokenizer.pipe(texts)]
    assert first == again == [[t.text for t in doc] for doc in stock.tokenizer.pipe(texts)]


def _stock_tokenizer(nlp):
    """spaCy's own Indonesian tokenizer (its regexes, every special case), less the digit emoticons warta drops."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from pipeline.nlp.components import _without_digit_emoticons

    d = nlp.Defaults
    return Tokenizer(nlp.vocab, rules=_without_digit_emoticons(d.tokenizer_exceptions),
                     prefix_search=compile_prefix_regex(d.prefixes).search,
                     suffix_search=compile_suffix_regex(d.suffixes).search,
                     infix_finditer=compile_infix_regex(d.infixes).finditer,
                     token_match=d.token_match, url_match=d.url_match)


def test_warta_tokenizer_splits_texts_like_stock_spacy(analyzer):
    ours = analyzer.nlp
    stock = _stock_tokenizer(ours)
    assert len(stock.rules) > 15_000 > 1_000 > len(ours.tokenizer.rules)  # hyphenated words are not special cases
    # every special case spaCy ships, alone and where the hyphenated ones meet affixes and other infixes:
    # brackets, commas, "-nya", slashes, a hyphenated run it sits inside, another case
    words = sorted(ours.Defaults.tokenizer_exceptions)
    texts = [" ".join(words[i:i + 40]) for i in range(0, len(words), 40)]
    texts += [" ".join(f"({w}), {w}-nya {w}/{w}… x-{w}-{w.upper()} «{w.title()}»" for w in words[i:i + 40])
              for i in range(0, len(words), 40)]
    texts += ["Anak-anak (anak-anak) KOTA-KOTA kota-kota-nya x-anak-anak-x Kemenpan-RB KEMENPAN-RB"]
    for text in texts + _texts():
        assert [t.text for t in ours.make_doc(text)] == [t.text for t in stock(text)], text[:80]
    # Tokenizer.to_bytes saves the regexes by their patterns: spaCy's own
    assert ours.tokenizer.prefix_search.__self__.pattern == stock.prefix_search.__self__.pattern
    assert ours.tokenizer.infix_finditer.__self__.pattern == stock.infix_finditer.__self__.pattern
    assert ours.tokenizer.to_bytes()


@pytest.mark.parametrize("pattern,expected", [
    # each required word list or flag; reach counts the optional tokens on each side
    ([{"TEXT": {"REGEX": "^\\d+$"}}, {"LOWER": {"IN": ["Mei", "juni"]}}, {"ORTH": ".", "OP": "?"}],
     [("LOWER", ("mei", "juni"), 1, 1)]),
    ([{"ORTH": "("}, {"IS_DIGIT": True}, {"ORTH": ")"}],
     [("ORTH", ("(",), 0, 2), ("IS_DIGIT", (), 1, 1), ("ORTH", (")",), 2, 0)]),
    # "+" makes the reach after the anchor unbounded
    ([{"LOWER": "kali"}, {"IS_ALPHA": True, "OP": "+"}], [("LOWER", ("kali",), 0, None)]),
    ([{"LOWER": "di", "OP": "?"}, {"LOWER": "Gedung"}, {"IS_DIGIT": True, "OP": "{2}"}],
     [("LOWER", ("gedung",), 1, 2)]),
    # an optional word, a negated one, a REGEX alone: no anchor
    ([{"LOWER": "sebanyak", "OP": "?"}, {"LOWER": "bukan", "OP": "!"}, {"TEXT": {"REGEX": "^\\d+$"}}], []),
])
def test_anchors_are_required_words_and_flags_with_the_reach_around_them(pattern, expected):
    from pipeline.nlp.anchors import find_anchors

    assert [(a.attr, a.words, a.before, a.after) for a in find_anchors(pattern)] == expected


@pytest.mark.parametrize("pattern,words,found", [
    # no anchor: the pattern runs on the whole doc
    ([{"TEXT": {"REGEX": "^\\d+$"}}, {"LOWER": "unit", "OP": "?"}], ["ada", "12", "unit"], [(1, 2), (1, 3)]),
    # a flag anchor (LIKE_NUM) and a word anchor: both found, the rarer bounds the search
    ([{"LIKE_NUM": True}, {"LOWER": {"IN": ["unit", "opd"]}}], ["12", "unit", "dan", "34", "OPD"], [(0, 2), (3, 5)]),
    # an anchor word absent from the doc: the pattern cannot match, nothing is searched
    ([{"LIKE_NUM": True}, {"LOWER": "kali"}], ["12", "unit", "dan", "34", "OPD"], []),
])
def test_anchored_matcher_finds_matches_around_its_anchors(analyzer, pattern, words, found):
    from spacy.tokens import Doc

    from pipeline.nlp.anchors import AnchoredMatcher

    matcher = AnchoredMatcher(analyzer.nlp.vocab, [("p", pattern)])
    doc = Doc(analyzer.nlp.vocab, words=words)
    assert [(s, e) for _m, s, e in matcher(doc)] == found


# --- word-list and regex tests as lexeme flags ---------------------------------------------------

def test_word_flags_give_each_word_the_value_of_the_test_they_replace():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.nlp.wordflags import WordFlags

    vocab = Vocab()
    Doc(vocab, words=["Kali", "12", "kalinya"])  # words met before the flags exist
    flags = WordFlags(vocab)
    spec = flags.compile({"LOWER": {"IN": ["kali"]}, "OP": "?"})
    day = flags.compile({"TEXT": {"REGEX": "^[0-9]{1,2}$"}})
    kept = flags.compile({"LOWER": {"IN": ["kali"], "NOT_IN": ["x"]}})  # two tests in one: as written
    flags.apply()
    kali = next(k for k in spec if k != "OP")
    assert spec["OP"] == "?" and isinstance(kali, int) and kali >= 19
    assert kept == {"LOWER": {"IN": ["kali"], "NOT_IN": ["x"]}}
    doc = Doc(vocab, words=["Kali", "12", "kalinya", "KALI", "123"])  # the last two are new words
    assert [t.check_flag(kali) for t in doc] == [True, False, False, True, False]
    assert [t.check_flag(next(iter(day))) for t in doc] == [False, True, False, False, False]
    # another matcher on the same vocabulary shares the flag of an equal test
    assert WordFlags(vocab).compile({"LOWER": {"IN": ["kali"]}}) == {kali: True}


def test_word_flags_keep_tests_as_written_when_no_flag_bit_is_free():
    from spacy.vocab import Vocab

    from pipeline.nlp.wordflags import WordFlags

    flags = WordFlags(Vocab())
    compiled = [flags.compile({"ORTH": {"IN": [f"w{n}"]}}) for n in range(50)]
    assert all(isinstance(next(iter(c)), int) for c in compiled[:45])  # bits 19-63
    assert compiled[45:] == [{"ORTH": {"IN": [f"w{n}"]}} for n in range(45, 50)]


@pytest.mark.parametrize("text,expected", [
    ("Bupati Bekasi.\n\nPemkab Bekasi.", "Bupati Bekasi.\n\nPemkab Bekasi."),      # already clean: kept as is
    ("Bupati  Bekasi.\u2009\n\n\n Pemkab\tBekasi. ", "Bupati Bekasi.\n\nPemkab Bekasi."),
    ("Bupati Bekasi.\u3000\nPemkab Bekasi.", "Bupati Bekasi.\nPemkab Bekasi."),     # any space at a line end
    ("Bupati\u00a0Bekasi.\r\nPemkab Bekasi.", "Bupati Bekasi.\nPemkab Bekasi."),
])
def test_normalise_text_collapses_spaces_and_blank_lines(text, expected):
    from pipeline.nlp import normalise_text

    assert normalise_text(text) == expected


def test_mentions_follow_the_span_group_when_another_component_changes_it(rules, analyzer):
    # warta's row copy of the span group is only a shortcut: a user's component that edits the
    # group after warta's components must see its spans reach the mentions.
    from spacy.tokens import Span

    from pipeline.nlp import doc_mentions
    from pipeline.nlp.components import SPANS_KEY, build_nlp

    text = "Pemkab Bekasi menerima penghargaan dari KemenPAN-RB."
    doc = build_nlp(rules)(text)  # with the span group, as a spaCy user builds it
    before = doc_mentions(doc, text)
    assert before == analyzer.mentions(text)  # the rows-only pipeline finds the same
    doc.spans[SPANS_KEY].append(Span(doc, 0, 1, label="MY_LABEL"))
    after = doc_mentions(doc, text)
    assert [m for m in after if m.label == "MY_LABEL"] == [("MY_LABEL", 0, 6, "Pemkab", "", "")]
    assert set(before) < set(after)
