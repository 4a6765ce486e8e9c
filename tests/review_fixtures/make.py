"""Regenerate awards.jsonl + articles.jsonl here: `python tests/review_fixtures/make.py`.

Evidence offsets are computed from the texts, so editing a sentence keeps them right.
The third article carries script and onerror markup: the review page must run none of it.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
EXTRACTOR = {"version": "0.1.0", "rules": "fixture"}

ARTICLES = [
    {
        "url": "https://warta-uji.example/2023/05/madiun-wtp",
        "site": "warta-uji.example",
        "title": "Kota Madiun Raih Opini WTP Kedelapan Kali",
        "published": "2023-05-26T10:00:00+07:00",
        "text": (
            "Pemerintah Kota Madiun kembali meraih opini Wajar Tanpa Pengecualian (WTP) dari "
            "Badan Pemeriksa Keuangan (BPK) atas laporan keuangan tahun 2022. Penghargaan itu "
            "diserahkan Kepala BPK Perwakilan Jawa Timur Joko Santoso kepada Wali Kota Madiun "
            "Maidi di Surabaya, Kamis (25/5/2023).\n\n"
            "Selain itu, Dinas Kesehatan Kota Madiun memperoleh predikat Sangat Baik dalam "
            "penilaian SAKIP."
        ),
    },
    {
        "url": "https://warta-uji.example/2023/07/sleman-kla",
        "site": "warta-uji.example",
        "title": "Sleman Kembali Jadi Kabupaten Layak Anak Kategori Utama",
        "published": "2023-07-23",
        "text": (
            "Kabupaten Sleman meraih penghargaan Kabupaten Layak Anak (KLA) kategori Utama dari "
            "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak. Bupati Sleman Kustini Sri "
            "Purnomo menerima penghargaan tersebut di Jakarta, Sabtu (22/7/2023)."
        ),
    },
    {
        "url": "https://warta-uji.example/2023/12/bogor-pelayanan",
        "site": "warta-uji.example",
        "title": "Bogor <script>alert(1)</script> Raih Predikat A",
        "published": "2023-12-05",
        "text": (
            "Kota Bogor meraih predikat A dari Kementerian PANRB. <script>alert(1)</script> "
            "Catatan redaksi <img src=x onerror=alert(1)> dan <script>window.pwned=1</script>\n\n"
            "Wali Kota Bogor menerima penghargaan pelayanan publik itu pada Senin (4/12/2023)."
        ),
    },
]


def ev(text: str, field: str, snippet: str) -> dict:
    start = text.index(snippet)
    return {"field": field, "start": start, "end": start + len(snippet), "text": snippet}


def record(rid: str, art: dict, recipient: dict, award: dict, grade: dict | None,
           giver: dict | None, date: dict | None, primary: bool, confidence: float,
           evidence: list[tuple[str, str]], **extra: object) -> dict:
    base = {
        "record_id": rid,
        "article": {k: art[k] for k in ("url", "site", "title", "published")},
        "recipient": recipient, "recipient_parent": extra.get("recipient_parent"),
        "award": award, "grade": grade, "giver": giver,
        "giver_official": extra.get("giver_official"),
        "recipient_official": extra.get("recipient_official"),
        "event": extra.get("event"), "venue": extra.get("venue"), "date": date,
        "primary": primary,
        "evidence": [ev(art["text"], f, s) for f, s in evidence],
        "confidence": confidence, "extractor": EXTRACTOR,
    }
    return base


def build() -> list[dict]:
    madiun, sleman, bogor = ARTICLES
    bpk = {"text": "Badan Pemeriksa Keuangan (BPK)", "name": "Badan Pemeriksa Keuangan", "id": "bpk"}
    panrb = {"text": "Kementerian PANRB", "name": "Kementerian PANRB", "id": "kemenpanrb"}
    return [
        record("a1a1a1a1a1a1a1a1", madiun,
               {"text": "Pemerintah Kota Madiun", "name": "Pemerintah Kota Madiun", "type": "pemda",
                "region": "Kota Madiun"},
               {"text": "opini Wajar Tanpa Pengecualian (WTP)", "name": "Opini BPK",
                "family": "bpk_opini", "year": 2022},
               {"text": "Wajar Tanpa Pengecualian (WTP)", "letter": "WTP",
                "label": "Wajar Tanpa Pengecualian", "rank": 1},
               bpk, {"text": "Kamis (25/5/2023)", "value": "2023-05-25"}, True, 0.92,
               [("recipient", "Pemerintah Kota Madiun"), ("award", "opini Wajar Tanpa Pengecualian"),
                ("grade", "Wajar Tanpa Pengecualian (WTP)"), ("giver", "Badan Pemeriksa Keuangan (BPK)"),
                ("award.year", "2022"), ("giver_official", "Joko Santoso"),
                ("recipient_official", "Wali Kota Madiun Maidi"), ("venue", "Surabaya"),
                ("date", "Kamis (25/5/2023)")],
               giver_official={"name": "Joko Santoso", "title": "Kepala BPK Perwakilan Jawa Timur"},
               recipient_official={"name": "Maidi", "title": "Wali Kota Madiun"},
               venue={"text": "Surabaya"}),
        record("b2b2b2b2b2b2b2b2", madiun,
               {"text": "Dinas Kesehatan Kota Madiun", "name": "Dinas Kesehatan", "type": "opd",
                "region": "Kota Madiun"},
               {"text": "penilaian SAKIP", "name": "SAKIP", "family": "sakip", "year": None},
               {"text": "predikat Sangat Baik", "letter": None, "label": "Sangat Baik", "rank": None},
               None, None, False, 0.45,
               [("recipient", "Dinas Kesehatan Kota Madiun"), ("grade", "predikat Sangat Baik"),
                ("award", "penilaian SAKIP")],
               recipient_parent="Pemerintah Kota Madiun"),
        record("c3c3c3c3c3c3c3c3", sleman,
               {"text": "Kabupaten Sleman", "name": "Pemerintah Kabupaten Sleman", "type": "pemda",
                "region": "Kabupaten Sleman"},
               {"text": "Kabupaten Layak Anak (KLA)", "name": "Kabupaten Layak Anak",
                "family": "kla", "year": 2023},
               {"text": "kategori Utama", "letter": None, "label": "Utama", "rank": 2},
               {"text": "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
                "name": "Kementerian PPPA", "id": "kemenpppa"},
               {"text": "Sabtu (22/7/2023)", "value": "2023-07-22"}, True, 0.81,
               [("recipient", "Kabupaten Sleman"), ("award", "Kabupaten Layak Anak (KLA)"),
                ("grade", "kategori Utama"),
                ("giver", "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak"),
                ("recipient_official", "Bupati Sleman Kustini Sri Purnomo"), ("venue", "Jakarta"),
                ("date", "Sabtu (22/7/2023)")],
               recipient_official={"name": "Kustini Sri Purnomo", "title": "Bupati Sleman"},
               venue={"text": "Jakarta"}),
        record("d4d4d4d4d4d4d4d4", bogor,
               {"text": "Kota Bogor", "name": "Pemerintah Kota Bogor", "type": "pemda",
                "region": "Kota Bogor"},
               {"text": "penghargaan pelayanan publik", "name": "Pelayanan Publik",
                "family": "kemenpanrb_pelayanan_publik", "year": 2023},
               {"text": "predikat A", "letter": "A", "label": "Pelayanan Prima", "rank": 1},
               panrb, {"text": "Senin (4/12/2023)", "value": "2023-12-04"}, True, 0.7,
               [("recipient", "Kota Bogor"), ("grade", "predikat A"), ("giver", "Kementerian PANRB"),
                ("event", "<script>alert(1)</script>"), ("venue", "<img src=x onerror=alert(1)>"),
                ("award", "penghargaan pelayanan publik"), ("date", "Senin (4/12/2023)")],
               event={"text": "<script>alert(1)</script>"},
               venue={"text": "<img src=x onerror=alert(1)>"}),
    ]


def main() -> None:
    with open(HERE / "articles.jsonl", "w", encoding="utf-8") as fh:
        for art in ARTICLES:
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    with open(HERE / "awards.jsonl", "w", encoding="utf-8") as fh:
        for rec in build():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
