"""What only looks like award news gives no records (issue scope: plans, thanks, companies, counts)."""
from __future__ import annotations

import pytest

NEGATIVES = {
    "target": "Pemkab Kendal menargetkan meraih opini WTP dari BPK atas laporan keuangan tahun 2024.",
    "plan": "Bupati Pati akan menerima penghargaan Satyalancana Karya Bhakti Praja Nugraha dari Presiden pekan depan.",
    "optimism": "Puskesmas Pulomerak optimis raih predikat WBK dari Kementerian PANRB tahun ini.",
    "nomination": "Kabupaten Sleman masuk nominasi Innovative Government Award dari Kemendagri tahun 2023.",
    "pencanangan": "Pemkab Karanganyar melaksanakan pencanangan Zona Integritas menuju WBK di RSUD Kabupaten "
                   "Karanganyar, Senin (4/3/2019).",
    "missed": "Lima kabupaten yang belum memperoleh penghargaan Adipura adalah Kendal, Klaten dan Kebumen.",
    "company": "Pemkab Cilacap memberikan penghargaan CSR kepada PT Semen Nusantara dan PT Pertamina atas "
               "dukungan program pengentasan kemiskinan.",
    "private person": "Kalpataru tahun ini diberikan kepada Mbah Sadiman, warga Wonogiri yang menanam ribuan pohon.",
    "thanks": "Bupati Sleman menyampaikan penghargaan dan terima kasih kepada seluruh relawan bencana.",
    "aggregate": "Tahun ini sebanyak 86 unit meraih predikat A- dan 16 unit meraih kategori A dalam evaluasi "
                 "pelayanan publik Kementerian PANRB.",
}


@pytest.mark.parametrize("case", sorted(NEGATIVES))
def test_negatives_give_no_records(records_of, case):
    assert records_of(NEGATIVES[case], published="2024-03-05") == []


@pytest.mark.parametrize("case", ["target", "plan", "pencanangan"])
def test_negatives_the_same_words_as_news_do_give_a_record(records_of, case):
    # The control: the award itself, not its plan, is a record — the negatives above are not empty by accident.
    news = {
        "target": "Pemkab Kendal meraih opini WTP dari BPK atas laporan keuangan tahun 2023.",
        "plan": "Bupati Pati menerima penghargaan Satyalancana Karya Bhakti Praja Nugraha dari Presiden.",
        "pencanangan": "RSUD Kabupaten Karanganyar meraih predikat WBK dari Kementerian PANRB, Senin (2/12/2019).",
    }[case]
    assert len(records_of(news, published="2024-03-05")) == 1
