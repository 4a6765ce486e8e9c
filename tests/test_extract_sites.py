"""Site profiles in rules/sites/: loading, validation with file and line, and each profile's examples."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import RuleError
from pipeline.extract import extract_page
from pipeline.extract.examples import check_site_examples
from pipeline.rules.sites import load_profile, load_sites

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "rules" / "sites"


def test_sites_bundled_profiles_load() -> None:
    rules = load_sites(SITES)
    ids = {p.id for p in rules.profiles}
    assert {"wordpress", "detik", "kompas", "tribunnews", "jpnn", "mediaindonesia", "antaranews", "go-id"} <= ids
    assert rules.for_host("jabar.tribunnews.com").id == "tribunnews"
    assert rules.for_host("www.bekasikab.go.id").id == "go-id"
    assert rules.for_host("contoh.id") is None


def test_sites_profile_examples_extract_as_declared() -> None:
    results = check_site_examples(SITES)
    assert results, "profiles carry examples"
    assert [f"{r.profile}: {r.problems}" for r in results if not r.ok] == []


@pytest.mark.parametrize("text, line, reason", [
    ('id = "x"\nhosts = ["x.id"]\nbodi = ".isi"\n', 3, "unknown key `bodi`"),
    ('id = "x"\nhosts = ["x.id"]\n[pagination]\nall = "page=all"\n', 4, "unknown key `pagination.all`"),
    ('id = "x"\nhosts = ["x.id"]\nbody = "div..isi"\n', 3, "bad CSS selector"),
    ('id = "x"\nhosts = "x.id"\n', 2, "must be a list"),
    ('id = "x"\nhosts = ["x.id"\n', 2, "not valid TOML"),
    ('id = "x"\nhosts = ["x.id"]\ntitle = = "h1"\nbody = ".isi"\n', 3, "not valid TOML"),
    ('hosts = ["x.id"]\n', 1, "missing `id`"),
])
def test_sites_bad_profile_refused_with_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_profile(path)
    assert err.value.path == str(path) and err.value.line == line and reason in err.value.reason


def test_sites_user_profile_changes_extraction(tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    shutil.copytree(SITES, sites)
    (sites / "warta-desa.toml").write_text(
        'id = "warta-desa"\nhosts = ["*.wartadesa.id"]\ntitle = "h2.judul-utama"\nbody = "section.naskah"\n'
        'drop = ["p.promo"]\n', encoding="utf-8")
    html = ("<html><body><h2 class='judul-utama'>Desa Sukamaju Juara Lomba Desa</h2><section class='naskah'>"
            "<p>Desa Sukamaju meraih juara pertama lomba desa tingkat provinsi tahun ini.</p>"
            "<p class='promo'>Langganan buletin kami sekarang juga.</p></section></body></html>")
    page = extract_page(html, "https://www.wartadesa.id/berita/sukamaju", sites_dir=sites)
    assert page.profile == "warta-desa"
    assert page.article.title == "Desa Sukamaju Juara Lomba Desa"
    assert page.article.text == "Desa Sukamaju meraih juara pertama lomba desa tingkat provinsi tahun ini."


def test_sites_cleanup_vocabulary_is_data(tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    shutil.copytree(SITES, sites)
    vocab = (sites / "_cleanup.toml").read_text(encoding="utf-8")
    (sites / "_cleanup.toml").write_text(vocab.replace("drop_lines = [", "drop_lines = [\n  '^Dengarkan berita ini',"),
                                         encoding="utf-8")
    html = ("<html><body class='single-post'><div class='entry-content'><p>Dengarkan berita ini</p>"
            "<p>Desa Sukamaju meraih juara pertama lomba desa tingkat provinsi tahun ini.</p></div></body></html>")
    assert extract_page(html, sites_dir=sites).article.text.startswith("Desa Sukamaju")
    assert extract_page(html).article.text.startswith("Dengarkan")


def test_sites_checked_folder_is_reused_by_the_next_process_and_an_edit_is_checked_again(tmp_path, monkeypatch):
    import pipeline.rules.sites as sites_mod

    monkeypatch.setenv("WARTA_CACHE_DIR", str(tmp_path / "cache"))
    sites = tmp_path / "sites"
    shutil.copytree(SITES, sites)
    first = load_sites(sites)
    assert list((tmp_path / "cache").glob("sites-*.pickle"))  # checked once, kept for the next process
    monkeypatch.setattr(sites_mod, "_LOADED", {})  # what a new process starts with
    again = load_sites(sites)
    assert again is not first and [p.id for p in again.profiles] == [p.id for p in first.profiles]
    assert again.for_host("jabar.tribunnews.com").id == "tribunnews"
    # an edited profile is not the checked folder any more: a broken selector is refused again
    (sites / "detik.toml").write_text((sites / "detik.toml").read_text(encoding="utf-8")
                                      + '\n[broken]\n', encoding="utf-8")
    monkeypatch.setattr(sites_mod, "_LOADED", {})
    with pytest.raises(RuleError) as err:
        load_sites(sites)
    assert err.value.path == str(sites / "detik.toml")
