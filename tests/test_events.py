"""`warta events` on the project's own test set of one news story on several sites (corpus/events/)."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from pipeline.events import build_events
from pipeline.events.link import Item, link

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "events" / "articles.jsonl"
MASS = {"https://jatengsatu.id/2023/05/24/empat-pemda-terima-opini-wtp-dari-bpk-jateng",
        "https://banyumasraya.com/news/2023/05/25/purbalingga-dan-tiga-daerah-lain-raih-wtp"}

# What belongs together: (recipient region, family, year) → the URLs of the articles that told it.
EXPECTED = {
    ("Kabupaten Sleman", "sakip", 2023): {
        "https://www.slemankab.go.id/berita/pemkab-sleman-raih-predikat-a-sakip-2023",  # the press release
        "https://warta-mataram.com/2023/12/08/sleman-naik-kelas-akuntabilitas-kinerja",  # rewritten, retitled
        "https://jogjaupdate.net/read/2023/12/09/sleman-sabet-predikat-a-sakip",  # shortened
        "https://sleman-today.id/pemerintahan/usai-raih-predikat-a-sakip-pemkab-sleman-pasang-target",  # follow-up
    },
    ("Kabupaten Bekasi", "kemenpanrb_pelayanan_publik", 2023): {
        "https://www.bekasikab.go.id/berita/dinas-kependudukan-dan-pencatatan-sipil-raih-pelayanan-prima",
        "https://cikarangpos.id/2023/12/21/disdukcapil-kab-bekasi-sabet-pelayanan-prima",
    },
    ("Kabupaten Purbalingga", "bpk_opini", 2022): MASS,
    ("Kabupaten Banjarnegara", "bpk_opini", 2022): MASS,
    ("Kabupaten Kebumen", "bpk_opini", 2022): MASS,
    ("Kota Magelang", "bpk_opini", 2022): MASS,
    ("Kabupaten Purbalingga", "bpk_opini", 2021): {"https://jatengsatu.id/2022/05/20/purbalingga-pertahankan-opini-wtp"},
    ("Kabupaten Purbalingga", "kla", 2023): {
        "https://banyumasraya.com/news/2023/07/24/purbalingga-naik-peringkat-kla-madya"},
    ("Kabupaten Kebumen", "wbk_wbbm", 2023): {
        "https://kebumenekspres.id/2023/12/12/rsud-dr-soedirman-kebumen-raih-wbk",
        "https://suarakedu.com/2023/12/13/rumah-sakit-milik-pemkab-kebumen-sandang-wbk",
    },
}


def _warta(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          input=stdin, cwd=REPO, timeout=600)


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _grouping(events: list[dict]) -> dict:
    return {(e["recipient"]["region"], e["award"]["family"], e["award"]["year"]): {s["url"] for s in e["sources"]}
            for e in events}


def test_events_corpus_groups_what_belongs_together_and_nothing_else(run_dir):
    events = _lines(run_dir / "events.jsonl")
    assert len(events) == len(EXPECTED)  # no key twice: nothing that belongs together is split
    assert _grouping(events) == EXPECTED
    sleman = next(e for e in events if e["award"]["family"] == "sakip")
    assert [s["site"] for s in sleman["sources"]] == ["www.slemankab.go.id", "warta-mataram.com",
                                                    "jogjaupdate.net", "sleman-today.id"]  # first seen first
    assert sleman["grade"]["letter"] == "A" and sleman["date"]["value"] == "2023-12-07"
    # Two spellings of one unit ("Disdukcapil Kab. Bekasi", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten
    # Bekasi") became one recipient: its abbreviation is expanded, so both articles name it alike.
    bekasi = next(e for e in events if e["recipient"]["region"] == "Kabupaten Bekasi")
    assert bekasi["recipient"]["type"] == "opd" and len(bekasi["sources"]) >= 2
    assert bekasi["recipient_names"] == ["Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bekasi"]


def test_events_follow_design_contract(run_dir):
    for e in _lines(run_dir / "events.jsonl"):
        assert set(e) >= {"event_id", "recipient", "award", "grade", "giver", "date", "sources"}
        assert set(e["recipient"]) >= {"name", "type", "region"} and set(e["award"]) >= {"family", "year"}
        assert len(e["event_id"]) == 16
        for s in e["sources"]:
            assert set(s) == {"record_id", "url", "site", "published"}
        published = [s["published"] for s in e["sources"]]
        assert published == sorted(published)


def test_events_command_matches_run_and_ignores_input_order(run_dir, tmp_path):
    lines = (run_dir / "awards.jsonl").read_text(encoding="utf-8").splitlines()
    proc = _warta("events", str(run_dir), "-o", str(tmp_path / "a.jsonl"))
    assert proc.returncode == 0 and "18 records → 9 events (7 with more than one source)" in proc.stderr
    assert (tmp_path / "a.jsonl").read_bytes() == (run_dir / "events.jsonl").read_bytes()
    random.Random(7).shuffle(lines)
    proc = _warta("events", "-", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0
    assert proc.stdout.encode() == (run_dir / "events.jsonl").read_bytes()


def test_events_run_keeps_events_current_across_runs(tmp_path):
    articles = CORPUS.read_text(encoding="utf-8").splitlines()
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(articles[:2]) + "\n", encoding="utf-8")  # the Sleman release and its rewrite
    out = tmp_path / "out"
    assert _warta("run", str(first), "--out", str(out), "--quiet").returncode == 0
    [before] = _lines(out / "events.jsonl")
    assert len(before["sources"]) == 2
    assert _warta("run", str(CORPUS), "--out", str(out), "--quiet").returncode == 0
    after = {e["event_id"]: e for e in _lines(out / "events.jsonl")}
    assert len(after) == len(EXPECTED)
    assert len(after[before["event_id"]]["sources"]) == 4  # same id, now with the later copies


def test_events_bad_line_is_reported_and_the_rest_linked(run_dir, tmp_path):
    bad = tmp_path / "awards.jsonl"
    odd = {"record_id": "ffffffffffffffff", "recipient": "Pemkab Sleman", "giver_official": {"name": 7},
           "award": {"family": "sakip", "year": "2023"}}  # hand-edited: wrong shapes read as empty
    bad.write_text((run_dir / "awards.jsonl").read_text(encoding="utf-8") + "{not json\n" + json.dumps(odd) + "\n",
                   encoding="utf-8")
    proc = _warta("events", str(bad), "-o", str(tmp_path / "ev.jsonl"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{bad}:19: skipped, not JSON" in proc.stderr
    events = _lines(tmp_path / "ev.jsonl")
    assert _grouping([e for e in events if e["sources"][0]["record_id"] != odd["record_id"]]) == EXPECTED
    assert len(events) == len(EXPECTED) + 1
    missing = _warta("events", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr


# -- the linking algorithm on synthetic items -------------------------------------------------

def _item(n: int, key: str, article: str, *, family="sakip", year=2023, region="Kabupaten Sleman",
          grade="A", date="2023-12-07", context="pemkab raih predikat a sakip", entity=None) -> Item:
    return Item(record_id=f"r{n:05d}", article=article, family=family, year=year, region=region, rtype="opd",
                entity=entity or f"org-{key}", key=key, grade=grade, date=date, context=context,
                order=(f"2023-12-{8 + n % 20:02d}", f"r{n:05d}"))


def test_events_link_fuzzy_name_needs_text_support_and_distinct_articles():
    a = _item(1, "puskesmas tasikmadu", "art1")
    typo = _item(2, "puskesmas tasikmdu", "art2")  # a typo the gazetteers cannot know
    other_date = _item(3, "puskesmas tasikmadau", "art3", date="2023-03-01", context="banjir melanda desa")
    same_article = _item(4, "puskesmas tasikmadi", "art1")  # one article lists two units: never one event
    other_year = _item(5, "puskesmas tasikmadu", "art5", year=2022)
    groups = link([a, typo, other_date, same_article, other_year])
    ids = sorted(sorted(i.record_id for i in g) for g in groups)
    assert ids == [["r00001", "r00002"], ["r00003"], ["r00004"], ["r00005"]]


def test_events_link_cost_grows_with_blocks_not_pairs():
    def synthetic(n_blocks: int) -> list[Item]:
        items = []
        for b in range(n_blocks):
            for u in range(10):  # ten units per block, each told by three articles
                for copy in range(3):
                    n = len(items)
                    items.append(_item(n, f"dinas unit {u}", f"a{b}-{copy}", region=f"Kabupaten {b}",
                                       entity=f"org-{b}-{u}"))
        return items
    small, large = {}, {}
    assert len(link(synthetic(100), small)) == 100 * 10
    assert len(link(synthetic(400), large)) == 400 * 10
    assert small["name_comparisons"] == 100 * 45 and large["name_comparisons"] == 4 * small["name_comparisons"]
    assert large["fuzzy_links"] == 0  # "dinas unit 1" vs "dinas unit 2": different units, not variants


def test_events_build_from_dicts_is_order_independent(rules):
    recs = []
    for i, (site, name) in enumerate([("a.id", "Disdukcapil Kab. Bekasi"),
                                      ("b.id", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bekasi"),
                                      ("c.id", "DPMPTSP Kab. Bekasi")]):
        recs.append({"record_id": f"{i:016x}", "article": {"id": site, "url": f"https://{site}/x", "site": site,
                                                            "title": "Pelayanan prima", "published": f"2023-12-2{i}"},
                     "recipient": {"text": name, "name": name, "type": "opd", "region": "Kabupaten Bekasi"},
                     "award": {"text": "", "name": "Pelayanan Publik", "family": "kemenpanrb_pelayanan_publik",
                               "year": 2023},
                     "grade": {"text": "A", "letter": "A", "label": "Pelayanan Prima", "rank": 1},
                     "date": {"text": "Selasa (19/12)", "value": "2023-12-19"}, "primary": True, "confidence": 0.9})
    one = build_events(recs, REPO / "rules")
    two = build_events(list(reversed(recs)), REPO / "rules")
    assert one == two and [e["n_sources"] for e in one] == [2, 1]
    assert one[0]["recipient"]["province"] == "Provinsi Jawa Barat"
