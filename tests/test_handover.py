"""The handover fields on sentences of our own: year, date, venue, event, giver and the officials."""
from __future__ import annotations


def test_years_end_of_a_period_is_no_award_year(records_of):
    recs = records_of(
        "Menteri Lingkungan Hidup dan Kehutanan memberikan penghargaan Adiwiyata kepada Kabupaten Sleman. "
        "Sampai dengan akhir tahun 2021, penghargaan Adiwiyata Nasional telah diberikan kepada 3.000 sekolah.")
    assert [r.award["year"] for r in recs] == [None]


def test_years_decree_number_with_letters_dates_nothing(records_of):
    [rec] = records_of(
        "Bupati Sleman Kustini Sri Purnomo menerima tanda kehormatan Satyalancana Karya Bhakti Praja Nugraha "
        "berdasarkan Keputusan Presiden Nomor 30/TK Tahun 2019, Selasa (25/4).")
    assert rec.award["year"] is None and rec.date["value"] is None


def test_handover_regulation_year_does_not_date_the_handover(records_of):
    [rec] = records_of(
        "RSUD Sleman meraih predikat A- dalam evaluasi pelayanan publik dari Kementerian PANRB. Penghargaan diserahkan di Jakarta (27/11). "
        "Penilaian mengacu pada UU Nomor 25 Tahun 2009 tentang Pelayanan Publik.")
    assert rec.date == {"text": "(27/11)", "value": None}
    assert rec.award["year"] is None


def test_handover_date_that_starts_a_period_or_signs_a_decree_is_no_handover_date(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Sleman meraih penghargaan Innovative Government Award dari Kementerian Dalam Negeri, "
        "diterima Sekretaris Daerah Kabupaten Sleman Harda Kiswaya, Jumat (18/12). Pendataan inovasi dilakukan "
        "sejak tanggal 4 Mei 2020 melalui aplikasi indeks inovasi daerah.", published="2020-12-19")
    assert rec.date["value"] == "2020-12-18"
    [rec] = records_of(
        "Pemerintah Kabupaten Sleman meraih predikat Baik dalam evaluasi SPBE tahun 2024. Hasil evaluasi SPBE "
        "ditetapkan dengan keputusan yang ditandatangani Menteri PANRB pada 30 Desember 2024.")
    assert rec.date is None


def test_handover_province_of_the_recipients_is_no_venue(records_of):
    recs = records_of(
        "Pada penganugerahan kepatuhan standar pelayanan publik, 3 kabupaten/kota di Jawa Tengah meraih predikat "
        "kepatuhan tinggi dari Ombudsman, yakni Kabupaten Sragen, Kota Salatiga, dan Kabupaten Demak.")
    assert len(recs) == 3 and all(r.venue is None for r in recs)


def test_handover_where_an_official_only_spoke_is_no_venue(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Kotawaringin Timur meraih predikat Baik dalam evaluasi SPBE tahun 2024. "
        "“Predikat SPBE ini kami syukuri,” kata Kepala Dinas Kominfo Kabupaten Kotawaringin Timur, Marjuki, "
        "di Sampit, Jumat.")
    assert rec.venue is None


def test_years_plan_period_ending_an_event_is_no_award_year(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Banjarnegara menerima penghargaan pelayanan publik predikat Pelayanan Prima dari "
        "Kementerian PANRB. Penyerahan penghargaan diterima Bupati Banjarnegara bersamaan dengan Musrenbang RPJMD "
        "Provinsi Jawa Tengah 2025 – 2029 di Semarang, Senin (5/5/2025).")
    assert rec.award["year"] == 2025


def test_givers_who_the_recipients_sentence_names_after_dari_beats_the_familys_usual_giver(records_of):
    [rec] = records_of(
        "Bupati Sleman Kustini Sri Purnomo menerima tanda penghargaan Manggala Karya Kencana dari Presiden RI "
        "Joko Widodo. Penghargaan itu sesuai dengan keputusan Kepala Badan Kependudukan dan Keluarga Berencana "
        "Nasional tentang penerima tanda penghargaan tahun ini.", published="2019-07-06")
    assert rec.giver["id"] == "presiden"


def test_givers_deputy_minister_gives_for_the_ministry_of_the_title_inside(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Sleman meraih penghargaan Kabupaten Layak Anak kategori Nindya. Penghargaan "
        "diserahkan Wakil Menteri Pemberdayaan Perempuan dan Perlindungan Anak (PPPA) Veronica Tan kepada Bupati "
        "Sleman Kustini Sri Purnomo di Jakarta, Jumat (8/8).", published="2025-08-09")
    assert rec.giver["id"] == "kemenpppa"


def test_givers_minister_who_hands_over_beats_a_usual_giver_named_later(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Sleman kembali meraih penghargaan UHC Award 2023. Penghargaan itu diserahkan oleh "
        "Menteri Kesehatan RI, Budi Gunadi, kepada Bupati Sleman Kustini Sri Purnomo di Jakarta, Selasa (14/3/2023). "
        "Cakupan peserta BPJS Kesehatan di Sleman sudah 98 persen.", published="2023-03-14")
    assert rec.giver["id"] == "kemenkes"


def test_givers_regional_head_handing_village_prizes_gives_for_the_regency(records_of):
    recs = records_of(
        "Bupati Kediri, Hanindhito Himawan Pramana, menyerahkan hadiah juara lomba desa di Kediri, Rabu "
        "(23/8/2023). Juara I lomba desa diraih Desa Doko, juara II Desa Tugu. Pemkab Kediri akan terus "
        "membina desa.", published="2023-08-24")
    assert {r.recipient["name"] for r in recs} >= {"Desa Doko", "Desa Tugu"}
    for r in recs:
        assert r.giver == {"text": "Pemkab Kediri", "name": "Pemerintah Kabupaten Kediri", "id": "kab_kediri"}
        assert r.giver_official["name"] == "Hanindhito Himawan Pramana"


def test_givers_earlier_years_list_names_no_giver_unless_its_sentence_does(records_of):
    recs = records_of(
        "Menteri PANRB Syafruddin menyerahkan penghargaan kepada 11 kepala daerah pembina pelayanan publik sangat "
        "baik, yakni Wali Kota Banda Aceh dan Bupati Cilacap. Tahun 2017 lalu, ada dua kepala daerah yang dinobatkan "
        "sebagai pembina pelayanan publik terbaik, yakni Wali Kota Balikpapan dan Makassar.",
        published="2018-11-28")
    givers = {r.recipient["region"]: r.giver for r in recs}
    assert givers["Kota Banda Aceh"]["id"] == "kemenpanrb"
    assert givers["Kota Balikpapan"] is None


def test_givers_agency_inside_a_venue_is_no_giver(records_of):
    [rec] = records_of(
        "Pemerintah memberikan tanda kehormatan Satyalancana Karya Bhakti Praja Nugraha kepada Bupati Malang "
        "Rendra Kresna di Kantor Kementerian Dalam Negeri, Jakarta, Rabu (25/4/2018).")
    assert rec.giver is None or rec.giver["id"] != "kemendagri"


def test_handover_long_title_with_commas_and_field_words_keeps_the_persons_name(records_of):
    [rec] = records_of(
        "Pemerintah Kota Probolinggo meraih Piala Adipura. Penyerahan dilakukan oleh Direktur Jenderal "
        "Pengelolaan Sampah, Limbah dan B3 KLHK, Budi Santoso, di Jakarta, Senin (14/1).", published="2019-01-15")
    assert rec.giver_official["name"] == "Budi Santoso"
    [rec] = records_of(
        "Pemerintah Kabupaten Sumbawa Barat meraih UHC Award. Penghargaan diserahkan Deputi Bidang Peningkatan "
        "Kualitas Kesehatan dan Pembangunan Kependudukan Kementerian Koordinator Bidang Pembangunan Manusia dan "
        "Kebudayaan (Kemenko PMK), Rudi Hartono, kepada Bupati Sumbawa Barat di Jakarta, Selasa (14/3/2023).")
    assert rec.giver_official["name"] == "Rudi Hartono"


def test_handover_stand_ins_on_both_sides_are_the_officials(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Kampar meraih penghargaan Anugerah Parahita Ekapraya kategori Madya. Penghargaan itu "
        "diberikan Menteri PPPA RI yang diwakili Asdep Gender Sosial Budaya dan Keluarga Rina Wati kepada Pemkab "
        "Kampar pada Rabu (27/12/2023). Piagam penghargaan itu diterima oleh Kepala Dinas PPKBP3A Edi Saputra yang "
        "mewakili Pj Bupati Kampar.", published="2024-01-09")
    assert rec.giver_official["name"] == "Rina Wati"
    assert rec.recipient_official["name"] == "Edi Saputra"


def test_handover_head_of_the_winning_unit_is_its_recipient_official(records_of):
    recs = records_of(
        "Dinas Dukcapil Kabupaten Gianyar dan RSUD Sanjiwani meraih penghargaan pelayanan publik dari Kementerian "
        "PANRB, masing-masing kategori A- dan B. Penghargaan masing-masing diterima oleh Kadis Dukcapil Made Arta "
        "dan Dirut RSUD Sanjiwani dr. Ayu Lestari.", published="2018-11-28")
    officials = {r.recipient["text"]: (r.recipient_official or {}).get("name") for r in recs}
    assert officials["RSUD Sanjiwani"] == "Ayu Lestari"
    assert officials["Dinas Dukcapil Kabupaten Gianyar"] == "Made Arta"


def test_handover_local_official_who_only_spoke_is_no_recipient_official(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Bogor meraih predikat Sangat Baik dalam evaluasi SPBE. Kepala Bidang Aplikasi "
        "Informatika Diskominfo Kabupaten Bogor, Dadang Suhendar menerangkan, penilaian SPBE dilakukan setiap "
        "tahun.", published="2024-01-16")
    assert rec.recipient_official is None


def test_handover_initials_with_a_dot_do_not_end_the_sentence(records_of):
    recs = records_of(
        "Pemerintah Kabupaten Kudus kembali meraih opini WTP dari BPK. Opini itu diserahkan oleh Kepala Perwakilan "
        "BPK Provinsi Jawa Tengah Ayub Amali kepada Bupati Kudus HM. Hartono di Kantor Perwakilan BPK Provinsi Jawa "
        "Tengah, Semarang (Jumat, 21/05/2021).")
    assert [r.recipient["name"] for r in recs] == ["Pemerintah Kabupaten Kudus"]
    assert recs[0].date["value"] == "2021-05-21"
    assert recs[0].venue["text"].startswith("Kantor Perwakilan BPK")


def test_context_initials_of_a_name_do_not_end_a_sentence():
    from pipeline.records.context import sentence_bounds
    from pipeline.rules import load_rules

    text = "Opini itu diserahkan kepada Bupati Kudus HM. Hartono di Semarang. Sekda RM. Sutrisno hadir."
    assert [text[a:b] for a, b in sentence_bounds(text, load_rules())] == [
        "Opini itu diserahkan kepada Bupati Kudus HM. Hartono di Semarang.", "Sekda RM. Sutrisno hadir."]


def test_handover_awards_own_name_is_no_event(records_of):
    [rec] = records_of(
        "Pemerintah Kabupaten Kampar meraih penghargaan Anugerah Parahita Ekapraya (APE) 2023 kategori Madya dari "
        "Kementerian PPPA. Anugerah Parahita Ekapraya diberikan kepada Pemkab Kampar di Jakarta, Rabu (27/12/2023).")
    assert rec.event is None


def test_handover_event_name_runs_over_a_verbs_noun_and_is_found_in_its_own_sentence(records_of):
    recs = records_of(
        "Kementerian PANRB menyelenggarakan acara apresiasi dan penganugerahan Zona Integritas menuju Wilayah Bebas "
        "dari Korupsi (WBK), di Jakarta, Selasa (10/12). UPT Puskesmas Ngawi menjadi salah satu penerima WBK.",
        published="2019-12-11")
    assert "penganugerahan Zona Integritas" in recs[0].event["text"]
    [rec] = records_of(
        "Plt Bupati Lampung Selatan Nanang Ermanto menerima predikat kepatuhan tinggi dari Ombudsman RI di Gedung "
        "Auditorium TVRI, Senin (10/12). Para menteri hadir. Acara penganugerahan predikat kepatuhan tinggi tahun 2018 "
        "disiarkan langsung TVRI.", published="2018-12-11")
    assert rec.event["text"].startswith("penganugerahan predikat kepatuhan tinggi")


def test_handover_event_named_with_bertajuk_wins(records_of):
    [rec] = records_of(
        "Kementerian PANRB menyelenggarakan Penyerahan Hasil Evaluasi Akuntabilitas Kinerja di Jakarta, Kamis "
        "(22/4). Acara yang bertajuk SAKIP Award 2021 ini digelar secara daring. Pemkab Batanghari meraih "
        "predikat BB dalam evaluasi SAKIP.", published="2021-04-23")
    assert rec.event == {"text": "SAKIP Award 2021"}


def test_handover_venue_may_begin_with_a_lowercase_building_word(records_of):
    recs = records_of(
        "Bupati Kediri, Hanindhito Himawan Pramana, menyerahkan hadiah juara lomba desa di lapangan Desa Doko "
        "Ngasem, Rabu (23/8/2023) siang. Juara I lomba desa diraih Desa Doko, juara II Desa Tugu.")
    assert recs and all(r.venue == {"text": "lapangan Desa Doko Ngasem"} for r in recs)


def test_handover_a_records_own_earlier_handover_gives_its_date_and_officials(records_of):
    recs = records_of(
        "Opini WTP untuk 3 kabupaten se-Bali diserahkan oleh Kepala BPK RI Perwakilan Bali, Yulindra Nugroho, di "
        "Auditorium Kantor BPK RI Perwakilan Provinsi Bali, Jumat (2/6) pagi, kepada Bupati Bangli Made Gianyar, "
        "Bupati Klungkung Nyoman Suwirta dan Bupati Badung Nyoman Giri Prasta. Sedangkan predikat WTP untuk "
        "Pemprov Bali sudah lebih dulu diserahkan BPK Perwakilan Bali kepada Gubernur Made Mangku Pastika dan Wakil "
        "Ketua DPRD Bali, Nyoman Adi Wiryatama, Rabu (31/5) lalu.", published="2017-06-03")
    by_region = {r.recipient["region"]: r for r in recs}
    bali = by_region["Provinsi Bali"]
    assert bali.date["value"] == "2017-05-31" and bali.venue is None and bali.giver_official is None
    assert bali.recipient_official["name"] == "Made Mangku Pastika"
    bangli = by_region["Kabupaten Bangli"]
    assert bangli.date["value"] == "2017-06-02" and bangli.giver_official["name"] == "Yulindra Nugroho"


def test_handover_secretary_of_a_ministry_who_handed_over_is_giver_official(records_of):
    [rec] = records_of(
        "Wali Kota Semarang Hendrar Prihadi meraih penghargaan pembina pelayanan publik kategori sangat baik dari "
        "Kementerian PANRB. Wakil Wali Kota Semarang Hevearita Gunaryanti Rahayu mewakili wali kota menerima "
        "penghargaan yang diserahkan oleh Sekretaris Kemenpan RB Dwi Wahyu Atmaji di Jakarta, Rabu (6/12).",
        published="2017-12-07")
    assert rec.giver_official["name"] == "Dwi Wahyu Atmaji"


def test_years_bare_year_after_pada_and_the_last_of_a_list(records_of):
    recs = records_of(
        "Provinsi Jawa Barat dan Kabupaten Kudus menerima tanda kehormatan Parasamya Purnakarya Nugraha sebagai "
        "daerah dengan kinerja terbaik selama tiga tahun berturut-turut, pada 2014, 2015, dan 2016. Penghargaan "
        "itu berdasarkan Keputusan Presiden Nomor 24/TK Tahun 2018.", published="2018-04-25")
    assert recs and all(r.award["year"] == 2016 for r in recs)


def test_handover_sibling_award_of_the_same_giver_shares_the_events_date_and_venue(records_of):
    recs = records_of(
        "Provinsi Jawa Barat menerima tanda kehormatan Parasamya Purnakarya Nugraha dari Presiden Joko Widodo. "
        "Pemerintah juga memberikan tanda kehormatan Satyalancana Karya Bhakti Praja Nugraha kepada tujuh kepala "
        "daerah. Para penerima antara lain Bupati Malang Rendra Kresna dan Bupati Pasuruan Irsyad Yusuf. "
        "Penghargaan diserahkan di Kantor Kementerian Dalam Negeri, Jakarta, Rabu (25/4/2018).")
    assert len({r.award["family"] for r in recs}) == 2
    assert all(r.date["value"] == "2018-04-25" and r.venue for r in recs)


def test_handover_received_for_the_regent_is_the_governments_not_the_units(records_of):
    recs = records_of(
        "Dinas Kesehatan Kabupaten Sleman termasuk unit yang meraih predikat informatif dalam Anugerah Keterbukaan "
        "Informasi Publik. Pemerintah Kabupaten Sleman juga meraih predikat informatif dalam Anugerah Keterbukaan "
        "Informasi Publik Tahun 2023. Kepala Dinas Kesehatan Kabupaten Sleman, Budi Raharjo yang mewakili Bupati "
        "Sleman menerima penghargaan itu dari Wakil Gubernur DIY Paku Alam di Gedung Pracimasana, Yogyakarta, Rabu "
        "(13/12).", published="2023-12-14")
    by_type = {r.recipient["type"]: r for r in recs}
    assert by_type["pemda"].date["value"] == "2023-12-13"
    assert by_type["pemda"].recipient_official["name"] == "Budi Raharjo"
    assert by_type["opd"].date is None and by_type["opd"].venue is None and by_type["opd"].giver_official is None


def test_handover_a_region_or_a_capitalised_yang_is_no_part_of_a_name(analyzer):
    def people(text):
        return [m.text for m in analyzer.mentions(text) if m.label == "PERSON"]

    assert people("Penghargaan diterima Kepala Dinas Kesehatan Pelayanan Publik Sleman.") == []
    assert people("Penghargaan diserahkan Oleh Menpan RB Bapak Syafruddin Yang diterima Camat Depok.") == ["Syafruddin"]


def test_handover_head_who_received_and_then_praised_is_no_giver_official(records_of):
    recs = records_of(
        "Bupati Sleman Kustini Sri Purnomo menerima penghargaan pelayanan publik untuk RSUD Sleman dan Puskesmas "
        "Depok II dari Kementerian PANRB, lalu memberikan apresiasi kepada kedua unit itu di Jakarta, Selasa "
        "(12/12).", published="2023-12-13")
    assert recs and all(r.giver_official is None for r in recs)


def test_handover_sekda_the_regent_was_represented_by_is_the_recipient_official(records_of):
    [rec] = records_of(
        "Bupati Sleman Kustini Sri Purnomo yang diwakili Sekretaris Daerah Kabupaten Sleman Harda Kiswaya menerima "
        "penghargaan Kabupaten Layak Anak kategori Nindya dari Kementerian PPPA di Jakarta, Jumat (8/8).",
        published="2025-08-09")
    assert rec.recipient_official["name"] == "Harda Kiswaya"


def test_handover_event_phrase_pointing_back_with_ini_is_no_event_name(records_of):
    recs = records_of(
        "Pada Penganugerahan Kepatuhan Standar Pelayanan 2019 ini, 2 kabupaten di Jawa Tengah mendapatkan "
        "predikat kepatuhan tinggi dari Ombudsman, yakni Kabupaten Sragen dan Kabupaten Demak.")
    assert len(recs) == 2 and all(r.event is None for r in recs)


def test_handover_degrees_after_a_name_and_a_commissioner_are_read_as_officials(analyzer):
    def officials(text):
        return [m.text for m in analyzer.mentions(text) if m.label == "PERSON"]

    assert officials("Hasil evaluasi diserahkan oleh Menteri PAN-RB Drs. Syafruddin, M.Si, didampingi Deputi "
                     "Bidang Reformasi Birokrasi.") == ["Syafruddin"]
    assert officials("Penghargaan diserahkan Komisioner Komisi Informasi (KI) Pusat Cecep Suryadi kepada Kepala "
                     "Dinas Kominfo Provinsi Kaltim Muhammad Faisal.") == ["Cecep Suryadi", "Muhammad Faisal"]
