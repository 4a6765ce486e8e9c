"""The language check: Indonesian news passes (scraped, glued, religious), other languages become one error line."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from pipeline.language import check_indonesian

GENERAL_NEWS = Path(__file__).resolve().parents[2] / "shared" / "general-news" / "articles.jsonl"

NEWS = ("Pemerintah Kabupaten Sleman meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik dari "
        "Kementerian PANRB. Penghargaan itu diterima Bupati Sleman di Jakarta, Selasa (12/11/2019), dan "
        "menjadi yang kedua bagi daerah tersebut setelah tahun lalu meraih predikat yang sama.")
# What some scrapers make of links: the link text glued to the words around it.
GLUED = ("Wali Kota Cimahi menyampaikan bahwa(Pemkot)Cimahiakan terus memperbaiki layananpublik.Penghargaan"
         "tersebut diterimanyadi Jakarta padaSelasa, sementara Dinas Kependudukan dan Pencatatan Sipil"
         "jugamendapat nilai yangsama dari kementerian.")
RELIGIOUS = ("Kementerian Agama mengingatkan umat Islam tentang keutamaan sholat Dhuha. Menurut para ulama, "
             "hukum sholat Dhuha adalah sunnah muakkad, dan Rasulullah SAW menganjurkan umatnya untuk "
             "mengamalkannya setiap pagi sebagai wujud syukur kepada Allah SWT atas rezeki yang diberikan.")
ENGLISH = ("The regency government received a public service award from the ministry in Jakarta on Tuesday, "
           "and the regent thanked all the staff for their work over the past year.")
# Javanese written for this test (a made-up song verse, not a real lyric).
JAVANESE = ("Aku ora bisa turu yen ora krungu swaramu, atiku tansah kelingan marang kowe sing adoh ing "
            "kana. Mbok menawa sesuk kowe bali, aku isih ngenteni ing pinggir kali, nganti srengenge "
            "angslup lan rembulan katon padhang ing langit wengi.")


@pytest.mark.parametrize("text", [NEWS, GLUED, RELIGIOUS, "Bupati Sleman menerima penghargaan."])
def test_language_indonesian_texts_pass(text):
    assert check_indonesian(text) is None


@pytest.mark.parametrize("text,lang", [(ENGLISH, "'en'"), (JAVANESE, "'jv'")])
def test_language_other_languages_are_refused_with_the_language(text, lang):
    reason = check_indonesian(text)
    assert reason and "does not look Indonesian" in reason and lang in reason


def test_language_text_without_words_is_refused():
    assert check_indonesian("12345 67890 — 2019") == "no words in the text"


def test_language_no_real_news_article_is_refused():
    if not GENERAL_NEWS.is_file():
        pytest.skip(f"{GENERAL_NEWS} is absent (it lives in the project's shared folder, not in a clone)")
    refused, started, count = [], time.perf_counter(), 0
    with GENERAL_NEWS.open(encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            count += 1
            if check_indonesian(art["text"]):
                refused.append((art["id"], art.get("title")))
    per_article_ms = (time.perf_counter() - started) / count * 1000
    # Only song-lyric pages may be refused (English and Javanese songs), never news.
    assert all("lirik" in (title or "").lower() for _id, title in refused), (refused, per_article_ms)


def _wheel_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_language_cached_model_ranks_every_language_like_the_wheel_model(tmp_path, monkeypatch):
    from pipeline.langid_cache import cache_entry, cached_identifier

    monkeypatch.setenv("WARTA_CACHE_DIR", str(tmp_path))
    first = cached_identifier()  # unpacks the model into the cache
    assert cache_entry().parent == tmp_path and (cache_entry() / "ptc.npy").is_file()
    mapped = cached_identifier()  # maps the cached arrays
    wheel = _wheel_identifier()
    for text in (NEWS, GLUED, RELIGIOUS, ENGLISH, JAVANESE, NEWS[:400], "", "12345"):
        assert first.rank(text) == mapped.rank(text) == wheel.rank(text), text


def test_language_cached_model_is_one_entry_per_release_and_old_ones_go(tmp_path, monkeypatch):
    import pipeline.langid_cache as lc
    from pipeline.settings import current

    monkeypatch.setenv("WARTA_CACHE_DIR", str(tmp_path / "cache"))
    entry = lc.cache_entry()
    # the same model installed in another virtual environment, later: the same entry, not a new 68 MB one
    other = tmp_path / "venv2" / "model.npz.xz"
    other.parent.mkdir()
    shutil.copyfile(lc._model_path(), other)
    monkeypatch.setattr(lc, "_model_path", lambda: other)
    assert lc.cache_entry() == entry
    # entries of earlier releases: only the most recently used stay once this one is unpacked
    for n in range(4):
        old = entry.with_name(f"langid-0.0.{n}-{n:012x}")
        old.mkdir(parents=True)
        os.utime(old, (3600 * (n + 1),) * 2)
    lc.cached_identifier()
    kept = sorted(p.name for p in entry.parent.iterdir())
    assert len(kept) == current().cache.keep_models and entry.name in kept and "langid-0.0.3-000000000003" in kept


def test_language_unwritable_cache_still_checks_the_language(tmp_path, monkeypatch):
    from pipeline.langid_cache import cached_identifier

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go\n")
    monkeypatch.setenv("WARTA_CACHE_DIR", str(blocker))
    ident = cached_identifier()
    assert ident.rank(JAVANESE) == _wheel_identifier().rank(JAVANESE)
    assert not list(tmp_path.glob("**/*.npy"))  # nothing half-written anywhere


def test_language_cached_model_refuses_the_same_general_news(tmp_path, monkeypatch):
    """Every real article gets the same decision (and reason) from the mapped model as from the wheel's."""
    if not GENERAL_NEWS.is_file():
        pytest.skip(f"{GENERAL_NEWS} is absent (it lives in the project's shared folder, not in a clone)")
    from pipeline.langid_cache import cached_identifier

    monkeypatch.setenv("WARTA_CACHE_DIR", str(tmp_path))
    mapped, wheel = cached_identifier(), _wheel_identifier()
    with GENERAL_NEWS.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"][:1200]
            assert mapped.rank(text[:400])[:3] == wheel.rank(text[:400])[:3]
            assert mapped.rank(text)[:3] == wheel.rank(text)[:3]
