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
