"""The records stage on sentences of our own: recipients, grades, lists, officials, years, primary."""
from __future__ import annotations

import pytest


def _names(recs):
    return sorted(r.recipient["name"] for r in recs)


def test_records_list_gives_each_recipient_its_own_grade(records_of):
    recs = records_of(
        "Kementerian PANRB memberikan predikat A untuk RSUD Kabupaten Sleman dan Dinas Kependudukan dan "
        "Pencatatan Sipil Kabupaten Sleman, serta A- untuk Puskesmas Depok III dalam evaluasi pelayanan publik.",
        title="Tiga Unit Layanan Sleman Raih Penghargaan Pelayanan Publik", published="2023-12-13")
    grades = {r.recipient["name"]: r.grade["letter"] for r in recs}
    assert grades["RSUD Kabupaten Sleman"] == "A"
    assert grades["Puskesmas Depok III"] == "A-"


def test_records_coordinated_regions_are_expanded_one_record_each(records_of):
    recs = records_of(
        "Opini Wajar Tanpa Pengecualian (WTP) dari BPK diraih Kabupaten Sragen, Kota Surakarta, "
        "kabupaten Klaten dan Kabupaten Semarang.", title="Empat Daerah Raih Opini WTP", published="2021-06-01")
    assert _names(recs) == ["Pemerintah Kabupaten Klaten", "Pemerintah Kabupaten Semarang",
                            "Pemerintah Kabupaten Sragen", "Pemerintah Kota Surakarta"]
    assert all(r.primary and r.grade["letter"] == "WTP" and r.giver["id"] == "bpk" for r in recs)


def test_records_bare_names_take_the_kind_said_once(records_of):
    recs = records_of("Kategori kabupaten terinovatif dalam Innovative Government Award diraih Tabalong, "
                      "Sragen, dan Tanggamus.", title="Daftar Peraih IGA 2022", published="2022-12-26")
    assert _names(recs) == ["Pemerintah Kabupaten Sragen", "Pemerintah Kabupaten Tabalong",
                            "Pemerintah Kabupaten Tanggamus"]


def test_records_ambiguous_bare_name_is_not_guessed(records_of):
    recs = records_of("Penghargaan Adipura tahun ini diraih Bekasi dan Bogor.", published="2019-01-15")
    assert recs == []


@pytest.mark.parametrize("text,name,region", [
    ("Pemkot Bekasi meraih opini WTP dari BPK.", "Pemerintah Kota Bekasi", "Kota Bekasi"),
    ("Pemkab Bekasi meraih opini WTP dari BPK.", "Pemerintah Kabupaten Bekasi", "Kabupaten Bekasi"),
    ("Pemerintah Kabupaten (Pemkab) Malang meraih opini WTP dari BPK.", "Pemerintah Kabupaten Malang",
     "Kabupaten Malang"),
    ("Walikota Banda Aceh menerima opini WTP dari BPK.", "Pemerintah Kota Banda Aceh", "Kota Banda Aceh"),
    ("Bupati Luwu menerima opini WTP dari BPK.", "Pemerintah Kabupaten Luwu", "Kabupaten Luwu"),
])
def test_records_region_comes_from_the_unit_or_the_title(records_of, text, name, region):
    [rec] = records_of(text, published="2020-06-01")
    assert (rec.recipient["name"], rec.recipient["type"], rec.recipient["region"]) == (name, "pemda", region)


def test_records_personal_award_goes_to_the_regional_head(records_of):
    recs = records_of("Bupati Ngawi Ony Anwar Harsono menerima Manggala Karya Kencana dari BKKBN pada "
                      "puncak Harganas, Sabtu (29/6/2024).")
    [rec] = recs
    assert rec.recipient["type"] == "kepala_daerah" and rec.recipient["name"] == "Ony Anwar Harsono"
    assert rec.recipient["region"] == "Kabupaten Ngawi"


def test_records_sekda_receiving_for_the_bupati_is_the_recipient_official(records_of):
    [rec] = records_of(
        "Pemkab Lombok Timur meraih predikat BB dalam evaluasi SAKIP dari Kementerian PANRB. Penghargaan "
        "diterima Sekda Kabupaten Lombok Timur, Juaini Taofik, mewakili Bupati, Kamis (14/3/2019).")
    assert {k: rec.recipient_official[k] for k in ("name", "title")} == {"name": "Juaini Taofik", "title": "Sekda Kabupaten Lombok Timur"}
    assert rec.recipient["name"] == "Pemerintah Kabupaten Lombok Timur"


def test_records_head_who_only_attended_is_not_a_recipient(records_of):
    recs = records_of("RSUD Kabupaten Bekasi meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik "
                      "Kementerian PANRB. Bupati Bekasi Eka Supria Atmaja turut hadir.", published="2018-11-28")
    assert _names(recs) == ["RSUD Kabupaten Bekasi"]


@pytest.mark.parametrize("text,published,year,date", [
    ("Pemkab Temanggung menerima opini WTP dari BPK atas LKPD Tahun Anggaran 2018, Senin (27/5).",
     "2019-05-28", 2018, "2019-05-27"),
    ("Pemkab Banggai meraih predikat A dalam SAKIP Award Tahun 2019 dari Kementerian PANRB di Yogyakarta, "
     "Senin (24/2).", "2020-02-25", 2019, "2020-02-24"),
])
def test_records_evaluation_year_apart_from_handover_date(records_of, text, published, year, date):
    [rec] = records_of(text, published=published)
    assert rec.award["year"] == year and rec.date["value"] == date


def test_records_weekday_that_disagrees_is_kept_and_flagged(records_of):
    [rec] = records_of("Pemkab Temanggung menerima opini WTP dari BPK, Rabu (27/5).", published="2019-05-28")
    assert rec.date == {"text": "Rabu (27/5)", "value": "2019-05-27", "weekday_mismatch": True}


def test_records_year_without_publication_date_comes_from_the_text(records_of):
    [rec] = records_of("Kota Probolinggo kembali meraih Piala Adipura tahun 2018 dari Kementerian LHK di "
                       "Jakarta, Senin (14/1).")
    assert rec.date["value"] == "2019-01-14"


def test_records_short_mention_and_long_form_are_one_recipient(records_of):
    recs = records_of("Pemerintah Kabupaten (Pemkab) Kudus meraih opini WTP dari BPK. Pemkab Kudus telah "
                      "meraih opini WTP sembilan kali berturut-turut.", published="2021-05-22")
    assert _names(recs) == ["Pemerintah Kabupaten Kudus"]


def test_records_giver_spellings_resolve_to_one_id(records_of):
    ids = set()
    for giver in ("Kemenpan RB", "KemenPAN-RB", "Kementerian PANRB", "Kementerian PAN-RB", "PAN-RB"):
        [rec] = records_of(f"Pemkab Sleman meraih predikat A dalam evaluasi pelayanan publik dari {giver}.")
        ids.add(rec.giver["id"])
    assert ids == {"kemenpanrb"}


def test_records_earlier_year_mentioned_in_passing_is_not_primary(records_of):
    recs = records_of("Pemkab Sleman meraih predikat A dalam evaluasi pelayanan publik dari Kementerian PANRB "
                      "tahun 2023. Tahun lalu, predikat A diraih RSUD Kota Yogyakarta.",
                      title="Sleman Raih Predikat A", published="2023-12-13")
    by_name = {r.recipient["name"]: r for r in recs}
    assert by_name["Pemerintah Kabupaten Sleman"].primary is True
    assert by_name["RSUD Kota Yogyakarta"].primary is False
    assert by_name["RSUD Kota Yogyakarta"].award["year"] == 2022


def test_records_ask_by_sentence_only_for_labels_the_sentence_index_holds(extractor, monkeypatch):
    # The context indexes by sentence only SENTENCE_LABELS (the rest are never asked for that
    # way); a label asked by sentence but not indexed would silently find nothing.
    import json
    from pathlib import Path

    from pipeline.models import Article
    from pipeline.records import context

    asked: set[str] = set()
    for name in ("in_sent", "has"):
        original = getattr(context.ArticleContext, name)
        monkeypatch.setattr(context.ArticleContext, name,
                            lambda self, idx, *labels, _f=original: asked.update(labels) or _f(self, idx, *labels))
    original_with = context.ArticleContext.sents_with
    monkeypatch.setattr(context.ArticleContext, "sents_with",
                        lambda self, *labels: asked.update(labels) or original_with(self, *labels))
    repo = Path(__file__).resolve().parents[1]
    folders = [repo / "corpus" / "articles", repo.parent / "shared" / "dev-articles" / "articles"]
    arts = [Article.from_dict(json.loads(f.read_text(encoding="utf-8")))
            for folder in folders if folder.is_dir() for f in sorted(folder.glob("*.json"))]
    records = sum(len(res) for _art, res in extractor.process(arts) if isinstance(res, list))
    assert records > 10 and len(asked) > 10
    assert asked <= context.SENTENCE_LABELS, asked - context.SENTENCE_LABELS


# --- issue 10: records an analyst can trust -------------------------------------------------------

@pytest.mark.parametrize("text,title", [
    # everyday words that are grades of some scale, with no award of that scale named
    ("Sebanyak 14 provinsi menggelar pemutihan pajak kendaraan, antara lain Provinsi Jawa Barat, Provinsi "
     "Banten dan Provinsi Bali, kata Kepala Bapenda, Selasa (3/6/2025).", "Empat Belas Provinsi Gelar Pemutihan Pajak"),
    ("Garda Nasional dikerahkan ke Kota Los Angeles dan California menerima bantuan dari pemerintah federal.",
     "Garda Nasional Dikerahkan"),
    ("Koperasi Desa Merah Putih di Kabupaten Sleman menerima bantuan modal dari Pemkab Sleman.",
     "Koperasi Merah Putih Terima Modal"),
    ("Petani di Kabupaten Grobogan gagal panen dan menerima bantuan benih dari Dinas Pertanian.",
     "Gagal Panen, Petani Terima Bantuan"),
])
def test_records_grade_words_without_their_award_give_no_record(records_of, text, title):
    assert records_of(text, title=title, published="2025-06-04") == []


def test_records_award_text_is_the_articles_own_words(records_of):
    recs = records_of("Pemkab Gianyar meraih opini Wajar Tanpa Pengecualian (WTP) dari BPK Perwakilan Bali, "
                      "Selasa (4/6/2024).", published="2024-06-05")
    assert [r.award["family"] for r in recs] == ["bpk_opini"]
    text = recs[0].award["text"]
    assert text and text in "Pemkab Gianyar meraih opini Wajar Tanpa Pengecualian (WTP) dari BPK Perwakilan Bali"


def test_records_region_word_is_no_grade_in_a_list_of_regions(records_of):
    recs = records_of("Menteri LHK memberikan penghargaan Adiwiyata kepada Provinsi Jawa Tengah dan Provinsi "
                      "Bali, Selasa (5/12/2023).", published="2023-12-06")
    assert {r.recipient["region"] for r in recs} == {"Provinsi Jawa Tengah", "Provinsi Bali"}
    assert all(r.grade is None for r in recs)


def test_records_numbered_office_is_no_persons_name(records_of):
    recs = records_of("Anggota V BPK RI Ahmadi Noor Supit menyerahkan opini WTP kepada Pemkab Sleman, "
                      "Selasa (12/6/2018).", published="2018-06-13")
    assert recs and recs[0].giver_official["name"] == "Ahmadi Noor Supit"


def test_records_government_handing_a_village_prize_is_not_its_recipient(records_of):
    recs = records_of("Bupati Kediri, Hanafi, didampingi istrinya menyerahkan hadiah juara lomba desa kepada "
                      "Desa Sumberejo Kecamatan Ngasem di pendopo, Rabu (23/8/2023).", published="2023-08-24")
    assert [(r.recipient["name"], r.recipient["type"]) for r in recs] == [("Desa Sumberejo", "other")]


def test_records_ranked_grades_go_to_the_names_after_them(records_of):
    text = ("Predikat Kota Terbaik Pertama diraih Kota Madiun, Kota Terbaik Kedua diraih Kota Batu, dan Kota "
            "Terbaik Ketiga diraih oleh Kota Kediri dalam Penghargaan Pembangunan Daerah dari Bappenas, "
            "Kamis (9/5/2024).")
    recs = records_of(text, published="2024-05-10")
    ranks = {r.recipient["region"]: r.grade["text"].split()[-1] for r in recs}
    assert ranks == {"Kota Madiun": "Pertama", "Kota Batu": "Kedua", "Kota Kediri": "Ketiga"}


def test_records_several_families_in_one_list_each_recipient_its_own(records_of):
    text = ("Selain Penghargaan Pembangunan Daerah, Bappenas juga menganugerahkan Penghargaan Khusus bidang "
            "ketahanan pangan untuk Provinsi Jambi, Kamis (9/5/2024).")
    recs = records_of(text, title="Bappenas Umumkan Peraih PPD dan Penghargaan Khusus", published="2024-05-10")
    assert [(r.recipient["region"], r.award["family"], r.primary) for r in recs] == \
        [("Provinsi Jambi", "ppd_bappenas_khusus", True)]


def test_records_terms_of_office_in_a_list_and_its_continuation(records_of):
    text = ("Menteri Dalam Negeri memberikan Satyalancana Karya Bhakti Praja Nugraha kepada enam kepala daerah, "
            "antara lain Bupati Sleman 2016-2021 Sri Purnomo; Bupati Kudus periode 2018–2023 Hartopo. "
            "Ada pula Bupati Konawe Sulawesi Tenggara 2018-2023 Kery Saiful Konggoasa dan Wali Kota Kendari "
            "Sulkarnain.")
    recs = records_of(text, published="2023-04-26")
    got = {(r.recipient["name"], r.recipient["region"]) for r in recs}
    assert got == {("Sri Purnomo", "Kabupaten Sleman"), ("Hartopo", "Kabupaten Kudus"),
                   ("Kery Saiful Konggoasa", "Kabupaten Konawe"), ("Sulkarnain", "Kota Kendari")}


def test_records_earlier_years_list_and_grade_after_the_family_name(records_of):
    text = ("Menteri PANRB menyerahkan apresiasi kepada tiga kepala daerah pembina pelayanan publik sangat baik, "
            "Selasa (27/11/2018). Tiga unit yang dievaluasi meraih predikat A (pelayanan prima). Ketiga kepala "
            "daerah dimaksud yakni Wali Kota Madiun, Bupati Sleman dan Bupati Kudus. Tahun 2017 lalu, ada dua "
            "kepala daerah yang dinobatkan sebagai pembina pelayanan publik terbaik, yakni Wali Kota Madiun dan "
            "Wali Kota Blitar.")
    recs = records_of(text, title="Tiga Kepala Daerah Diganjar Pembina Pelayanan Publik", published="2018-11-28")
    got = {(r.recipient["region"], r.award["year"], (r.grade or {}).get("label"), r.primary) for r in recs}
    assert got == {("Kota Madiun", 2018, "Sangat Baik", True), ("Kabupaten Sleman", 2018, "Sangat Baik", True),
                   ("Kabupaten Kudus", 2018, "Sangat Baik", True), ("Kota Madiun", 2017, None, False),
                   ("Kota Blitar", 2017, None, False)}


def test_records_deputy_standing_in_is_the_recipient_official_not_a_recipient(records_of):
    text = ("Bupati Sleman Sri Purnomo meraih penghargaan pembina pelayanan publik dari Kementerian PANRB. "
            "Wakil Bupati Sleman Danang Maharsa mewakili bupati menerima penghargaan tersebut di Jakarta, "
            "Rabu (6/12/2023).")
    recs = records_of(text, published="2023-12-07")
    assert [(r.recipient["name"], r.recipient_official["name"]) for r in recs] == [("Sri Purnomo", "Danang Maharsa")]


def test_records_opd_abbreviation_is_expanded_even_with_its_region(records_of):
    recs = records_of("Disdukcapil Kabupaten Cilacap meraih penghargaan pelayanan publik dengan predikat Sangat Baik "
                      "(A-) dari Kementerian PANRB, Rabu (18/12/2024).", published="2024-12-19")
    assert [(r.recipient["text"], r.recipient["name"]) for r in recs] == [
        ("Disdukcapil Kabupaten Cilacap", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Cilacap")]


def test_records_official_who_only_spoke_or_attended_is_no_giver_official(records_of):
    recs = records_of(
        "Pemkab Klaten meraih opini Wajar Tanpa Pengecualian (WTP) dari BPK, Senin (10/6/2019). "
        "Anggota VI BPK RI Harry Azhar dalam sambutannya mengatakan bahwa opini itu hasil kerja keras daerah.",
        title="Pemkab Klaten Raih Opini WTP", published="2019-06-11")
    assert recs and recs[0].giver_official is None
    recs = records_of(
        "Wakil Presiden Budi Santoso yang didampingi Menteri PANRB Arif Wibowo menyerahkan penghargaan "
        "predikat WBK kepada Pemkab Klaten, Senin (10/6/2019).", published="2019-06-11")
    assert recs and (recs[0].giver_official or {}).get("name") != "Arif Wibowo"


def test_records_giver_official_named_in_another_sentence_than_the_handover(records_of):
    recs = records_of(
        "Pemprov Jambi meraih penghargaan Keterbukaan Informasi Publik kategori Informatif. "
        "Penghargaan itu diberikan langsung oleh Wakil Presiden Budi Santoso kepada Gubernur Jambi. "
        "Penganugerahan berlangsung di Istana Wakil Presiden, Jalan Merdeka Selatan, Senin (5/11/2018).",
        title="Pemprov Jambi Raih Penghargaan KIP", published="2018-11-06")
    assert recs and recs[0].giver_official and recs[0].giver_official["name"] == "Budi Santoso"


def test_records_initials_without_dots_are_part_of_the_officials_name(records_of):
    recs = records_of("Penerima penghargaan Manggala Karya Kencana tahun ini antara lain Bupati Sleman "
                      "AM Hadi B Santoso, Selasa (2/7/2019).", published="2019-07-03")
    assert recs and recs[0].recipient_official["name"] == "AM Hadi B Santoso"


def test_records_head_of_office_standing_in_for_the_regent_is_recipient_official(records_of):
    recs = records_of("Pemkab Siak meraih penghargaan Anugerah Parahita Ekapraya (APE) kategori Utama, Rabu "
                      "(27/12/2023). Piagam penghargaan itu diterima oleh Kepala Dinas Kesehatan Ahmad Yani yang "
                      "mewakili Bupati Siak.", published="2023-12-28")
    assert recs and recs[0].recipient_official["name"] == "Ahmad Yani"
    assert recs[0].recipient_official["title"] == "Kepala Dinas Kesehatan"


def test_records_minister_quoted_about_the_award_is_no_giver_official(records_of):
    recs = records_of(
        "Kementerian PPN/Bappenas memberikan Penghargaan Pembangunan Daerah (PPD) kepada Provinsi Jambi. "
        "“Tahun ini “Penghargaan Pembangunan Daerah” kembali diberikan kepada daerah terbaik,” ujar "
        "Menteri PPN/Kepala Bappenas Andi Wijaya di Jakarta.", title="Jambi Raih PPD", published="2022-04-29")
    assert recs and recs[0].giver_official is None


def test_records_official_praising_winners_is_no_giver_official(records_of):
    recs = records_of(
        "Pemkab Klaten meraih predikat Kepatuhan Standar Pelayanan Publik dari Ombudsman RI, Senin (10/6/2019). "
        "Kepala Perwakilan Ombudsman Jawa Tengah, Siti Rahma menyampaikan apresiasi kepada daerah peraih predikat "
        "itu agar terus memberikan pelayanan terbaik.", title="Klaten Raih Predikat Kepatuhan", published="2019-06-11")
    assert recs and recs[0].giver_official is None


def test_records_unit_named_by_its_kind_in_a_list_of_regions_gives_no_record(records_of):
    recs = records_of(
        "Menteri PANRB menyerahkan penghargaan pembina pelayanan publik kepada Wali Kota Padang, Bupati Sleman "
        "dan Bupati Badung, Selasa (5/12/2023). Unit yang meraih predikat pelayanan prima adalah Dinas "
        "Kependudukan dan Catatan Sipil (Disdukcapil) dan Rumah Sakit Umum Daerah (RSUD).",
        title="Tiga Kepala Daerah Diganjar Pembina Pelayanan Publik", published="2023-12-06")
    assert recs and all(r.recipient["type"] != "opd" for r in recs)


def test_records_region_written_with_a_lowercase_repeat_is_read_whole(records_of):
    recs = records_of("Penerima Satyalancana Karya Bhakti Praja Nugraha tahun ini antara lain Wali Kota Pare-pare "
                      "Ahmad Rizal, Selasa (2/7/2019).", published="2019-07-03")
    assert recs and recs[0].recipient["region"] == "Kota Parepare"
    assert recs[0].recipient_official["name"] == "Ahmad Rizal"


def test_records_giver_official_after_diserahkan_oleh_is_any_officials(records_of):
    recs = records_of(
        "Pemkot Padang meraih penghargaan Kota Layak Anak (KLA) kategori Nindya. Penghargaan itu diserahkan oleh "
        "Gubernur Sumatera Barat Rahmat Hidayat kepada Wali Kota Padang. Penganugerahan berlangsung di Auditorium "
        "Gubernuran, Rabu (6/12/2017).", published="2017-12-07")
    assert recs and recs[0].giver_official and recs[0].giver_official["name"] == "Rahmat Hidayat"


def test_records_initials_with_a_dot_begin_the_sekdas_name(records_of):
    recs = records_of("Pemkab Sarolangun meraih predikat BB hasil evaluasi SAKIP, Senin (3/2/2020). Penghargaan itu "
                      "diterima oleh Pj Sekretaris Daerah Kabupaten Sarolangun RM. Hasanudin yang diserahkan oleh "
                      "Menteri PANRB Tjahjo Kumolo.", published="2020-02-04")
    assert recs and recs[0].recipient_official["name"] == "RM. Hasanudin"
