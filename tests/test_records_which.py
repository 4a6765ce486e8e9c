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
