"""Which records exist and which are the article's news: headlines, lists, context units (sentences of our own)."""
from __future__ import annotations


def test_records_which_headline_without_family_makes_every_ceremony_family_news(records_of):
    recs = records_of(
        "Provinsi Jawa Tengah dan Kabupaten Sragen menerima tanda kehormatan Parasamya Purnakarya Nugraha "
        "dari Presiden di Jakarta, Senin (24/4/2023). Pemerintah juga memberikan penghargaan kepada dua kepala "
        "daerah. Keduanya mendapatkan tanda kehormatan Satyalancana Karya Bhakti Praja Nugraha, yakni Bupati "
        "Klaten Sri Mulyani dan Wali Kota Madiun Maidi.",
        title="Raih Penghargaan, Jateng dan Sragen Jadi Daerah Berkinerja Terbaik", published="2023-04-25")
    by_family = {(r.award["family"], r.recipient["region"]): r.primary for r in recs}
    assert by_family[("parasamya_purnakarya_nugraha", "Kabupaten Sragen")] is True
    assert by_family[("satyalancana_kbpn", "Kabupaten Klaten")] is True
    assert by_family[("satyalancana_kbpn", "Kota Madiun")] is True


def test_records_which_award_referred_back_to_is_the_one_named_before(records_of):
    recs = records_of(
        "Malam penganugerahan Kota Layak Anak juga memberikan penghargaan kepada daerah pembina Forum Anak "
        "terbaik. Untuk kategori provinsi, penghargaan tersebut diraih Jambi dan Bengkulu.",
        title="KemenPPPA Umumkan Peraih Penghargaan Layak Anak", published="2021-07-30")
    assert {(r.recipient["region"], r.award["family"]) for r in recs} == {
        ("Provinsi Jambi", "kla_forum_anak"), ("Provinsi Bengkulu", "kla_forum_anak")}


def test_records_which_other_award_of_the_night_is_not_the_headlined_one(records_of):
    text = ("Penghargaan Pelopor Provinsi Layak Anak diberikan kepada Provinsi Jawa Tengah di Jakarta, Selasa "
            "(23/7/2019). Selain penghargaan Pelopor Provinsi Layak Anak, juga diberikan penghargaan Penggerak "
            "Provinsi Layak Anak kepada dua provinsi. Dua provinsi tersebut adalah Jambi dan Bengkulu.")
    recs = records_of(text, title="Tiga Provinsi Raih Penghargaan Pelopor Provinsi Layak Anak", published="2019-07-24")
    primary = {r.recipient["region"]: r.primary for r in recs}
    assert primary == {"Provinsi Jawa Tengah": True, "Provinsi Jambi": False, "Provinsi Bengkulu": False}
    # Named by the family's plain name, the headline's award covers every record of it.
    recs = records_of(text, title="Tiga Provinsi Raih Penghargaan Provinsi Layak Anak", published="2019-07-24")
    assert len(recs) == 3 and all(r.primary for r in recs)


def test_records_which_grade_stated_only_in_the_headline_goes_to_its_recipients(records_of):
    recs = records_of(
        "Penghargaan Anugerah Parahita Ekapraya diberikan Menteri PPPA kepada Pemerintah Kabupaten Siak di "
        "Jakarta, Rabu (27/12/2023).",
        title="Pemkab Siak Raih Anugerah Parahita Ekapraya Kategori Nindya", published="2023-12-28")
    [rec] = recs
    assert rec.grade["label"] == "Nindya"
    # The grade comes from the headline: no evidence span claims it in the text.
    assert not [e for e in rec.evidence if e.field == "grade"]


def test_records_which_kabupaten_named_after_its_province_is_not_the_province(records_of):
    recs = records_of("Ombudsman RI memberikan penghargaan predikat kepatuhan tinggi kepada Pemerintah Kabupaten "
                      "Aceh Besar di Jakarta, Senin (10/12/2018).",
                      title="Aceh Besar Terima Penghargaan dari Ombudsman RI", published="2018-12-11")
    assert [(r.recipient["region"], r.primary) for r in recs] == [("Kabupaten Aceh Besar", True)]


def test_records_which_unit_with_a_proper_name_is_kept_and_takes_the_article_region(records_of):
    recs = records_of(
        "Kinerja instansi di lingkungan Pemkot Cilegon terus mendapat pengakuan. Puskesmas Grogol berhasil "
        "meraih predikat Menuju Wilayah Bebas dari Korupsi (WBK) dari Kementerian PANRB. Wali Kota Cilegon "
        "mengapresiasi capaian Pemkot Cilegon tersebut.",
        title="Puskesmas Grogol Raih Predikat WBK", published="2023-12-06")
    assert [(r.recipient["name"], r.recipient["region"]) for r in recs] == [("Puskesmas Grogol", "Kota Cilegon")]


def test_records_which_unit_named_only_by_its_kind_in_no_region_gives_no_record(records_of):
    recs = records_of("Dinas Kependudukan dan Pencatatan Sipil meraih predikat Menuju WBK dari Kementerian PANRB.",
                      title="Dinas Dukcapil Raih Predikat WBK", published="2023-12-06")
    assert recs == []


def test_records_which_grade_the_recipient_has_left_is_not_its_award(records_of):
    [rec] = records_of("Pemkab Karangasem yang sempat dapat opini Disclaimer atas LKPD 2013, kini ikut naik kelas ke "
                       "opini WTP dari BPK.", title="Karangasem Raih Opini WTP", published="2017-06-03")
    assert rec.grade["letter"] == "WTP"


def test_records_which_region_in_a_news_outlet_name_is_no_recipient(records_of):
    recs = records_of("Semarang (Antaranews Jateng) - Wali Kota Semarang Hendrar Prihadi mendapatkan penghargaan "
                      "sebagai pembina pelayanan publik terbaik dari Kementerian PANRB.",
                      title="Wali Kota Semarang Raih Penghargaan Pembina Pelayanan Publik", published="2019-11-14")
    assert [r.recipient["region"] for r in recs] == ["Kota Semarang"]


def test_records_which_office_count_and_photo_credit_are_no_recipients(records_of):
    recs = records_of(
        "Pemkab Kudus meraih opini WTP dari BPK (foto: Desa Jepang). Pada acara penyerahan opini WTP tersebut Bupati didampingi oleh "
        "Sekretaris Daerah dan Kepala BPPKAD. Penilaian menghasilkan 8 OPD dan 1 desa yang meraih predikat WTP.",
        title="Pemkab Kudus Raih WTP", published="2020-06-01")
    assert [r.recipient["name"] for r in recs] == ["Pemerintah Kabupaten Kudus"]


def test_records_which_province_after_a_comma_is_the_address_of_the_one_before(records_of):
    recs = records_of("Pemerintah Kabupaten Kotawaringin Timur, Kalimantan Tengah kembali meraih predikat Baik dalam "
                      "evaluasi SPBE dari Kementerian PANRB.", title="Kotim Raih Predikat Baik SPBE",
                      published="2025-01-10")
    assert [r.recipient["region"] for r in recs] == ["Kabupaten Kotawaringin Timur"]


def test_records_which_one_unit_per_mention_with_its_region_and_grades(records_of):
    recs = records_of(
        "Dinas Dukcapil Kab Gianyar dan Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) Kabupaten "
        "Gianyar mendapat penghargaan pelayanan publik dari Kementerian PANRB. Tahun ini Pemkab Gianyar berhasil "
        "meraih penghargaan pelayanan publik, dimana Disdukcapil meraih katagori A- dan DPMPTSP katagori C. "
        "Demikian keterangan pers, Diskominfo Gianyar, Rabu.",
        title="Dua Unit Layanan Gianyar Raih Penghargaan Pelayanan Publik", published="2018-11-28")
    got = {r.recipient["name"]: (r.grade or {}).get("letter") for r in recs}
    assert got == {"Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gianyar": "A-",
                   "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Gianyar": "C"}


def test_records_which_hospital_long_and_short_names_are_one_record(records_of):
    recs = records_of("Rumah Sakit Umum Daerah (RSUD) Kardinah Kota Tegal meraih predikat Sangat Baik dari Kementerian "
                      "PANRB. RSUD Kardinah menerima predikat itu dalam evaluasi pelayanan publik.",
                      title="RSUD Kardinah Raih Predikat Sangat Baik", published="2023-12-13")
    assert [(r.recipient["region"], r.recipient["type"]) for r in recs] == [("Kota Tegal", "opd")]
    assert "Kardinah" in recs[0].recipient["name"]


def test_records_which_assessment_in_progress_gives_no_record(records_of):
    recs = records_of("Tim Kementerian PANRB melakukan penilaian lapangan ke Puskesmas Depok I menuju predikat WBK. "
                      "Puskesmas Depok I diuji oleh tim penilai nasional.",
                      title="Puskesmas Depok I Jalani Penilaian WBK", published="2023-09-01")
    assert recs == []


def test_records_which_sentence_opening_with_sedangkan_continues_the_list(records_of):
    recs = records_of("Penghargaan Manggala Karya Kencana diberikan kepada Bupati Sigi. Sedangkan penghargaan Dharma "
                      "Karya Kencana kepada Wakil Bupati Poso.", title="Sulteng Terima Penghargaan Harganas",
                      published="2019-07-06")
    assert ("dharma_karya_kencana", "Kabupaten Poso") in {(r.award["family"], r.recipient["region"]) for r in recs}


def test_records_which_list_opening_its_sentence_after_a_capitalised_word(records_of):
    recs = records_of("Khusus Sleman dan Bantul, mereka mendapat opini WTP kedua secara beruntun dari BPK.",
                      title="Dua Daerah Raih Opini WTP", published="2017-06-03")
    assert sorted(r.recipient["region"] for r in recs) == ["Kabupaten Bantul", "Kabupaten Sleman"]


def test_records_which_grade_inside_a_longer_award_name_gives_way_to_the_grade_written(records_of):
    # "Kota Layak Anak" inside "Penghargaan Kabupaten/Kota Layak Anak" is the award's name, not the grade
    # the sentence gives its cities (KLA's top grade is called the same).
    recs = records_of(
        "Dua kota meraih predikat Nindya pada Penghargaan Kabupaten/Kota Layak Anak 2021, yaitu Kota Madiun "
        "dan Kota Kediri. Penghargaan diserahkan Menteri Pemberdayaan Perempuan dan Perlindungan Anak di "
        "Jakarta, Kamis (29/7/2021).", published="2021-07-30")
    assert sorted(r.recipient["region"] for r in recs) == ["Kota Kediri", "Kota Madiun"]
    assert {r.grade["label"] for r in recs} == {"Nindya"}
    # the award's name alone still gives its top grade where no other grade is written
    [kla] = records_of("Kota Blitar kembali meraih predikat Kota Layak Anak dari Kementerian Pemberdayaan "
                       "Perempuan dan Perlindungan Anak, Jumat (23/7/2021).", published="2021-07-24")
    assert kla.grade["letter"] == "KLA"


def test_records_which_headline_grade_after_the_award_name_is_the_one_announced(records_of):
    # KLA's top grade is called like the award itself ("Kabupaten Layak Anak"): the headline's "Kategori
    # Madya" is the grade it announces, so the article's Madya record is its news.
    [rec] = records_of(
        "Kabupaten Blora meraih penghargaan Kabupaten Layak Anak (KLA) kategori Madya dari Kementerian "
        "Pemberdayaan Perempuan dan Perlindungan Anak. Penghargaan diserahkan di Jakarta, Senin (22/7/2019).",
        title="Blora Raih Kabupaten Layak Anak Kategori Madya", published="2019-07-23")
    assert rec.grade["label"] == "Madya"
    assert rec.primary is True


def test_records_which_a_link_to_another_article_gives_no_fact(records_of):
    # "Baca juga: …" (and the line after a lone "Baca Juga") is another article's headline: its recipient
    # gets no record and its year dates nothing here (rules/sites/_cleanup.toml related_headings).
    text = ("Kabupaten Sragen meraih penghargaan Adipura dari Kementerian Lingkungan Hidup dan Kehutanan. "
            "Penghargaan diserahkan di Jakarta, Selasa (28/2/2023).\n\n"
            "Baca juga: Pemkot Surakarta targetkan Adipura Kencana pada 2030\n\n"
            "Baca Juga\n\nKota Magelang Raih Adipura Kencana\n\n"
            "Bupati Sragen mengatakan penghargaan itu hasil kerja seluruh warga.")
    [rec] = records_of(text, published="2023-03-01")
    assert rec.recipient["region"] == "Kabupaten Sragen"
    assert rec.award["year"] == 2023
