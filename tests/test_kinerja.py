"""Kinerja arithmetic: achievement (capaian) and status of a performance indicator, for higher-
and lower-is-better indicators, a target of 0, a missing realisation and the thresholds."""

from __future__ import annotations

import pandas as pd
import pytest

from domain import kinerja
from domain.config import kinerja_thresholds
from domain.kinerja import HIGHER, LOWER, MET, NEARLY, NO_DATA, NOT_MET, Thresholds


@pytest.mark.parametrize(("target", "realisasi", "arah", "capaian", "status"), [
    # higher is better: realisasi / target x 100
    (100, 100, HIGHER, 100.0, MET),
    (100, 125, HIGHER, 125.0, MET),
    (1000, 950, HIGHER, 95.0, NEARLY),
    (200, 180, HIGHER, 90.0, NEARLY),  # exactly the "nearly" threshold
    (200, 179.8, HIGHER, 89.9, NOT_MET),  # just under it
    (1000, 999.4, HIGHER, 99.9, NEARLY),  # just under "met"
    (3, 2.7, HIGHER, 90.0, NEARLY),  # 2.7 / 3 * 100 is 89.99999999999999 in floating point
    (80, 0, HIGHER, 0.0, NOT_MET),
    # lower is better: (2 - realisasi / target) x 100, never below 0
    (100, 100, LOWER, 100.0, MET),
    (50, 48, LOWER, 104.0, MET),
    (40, 43, LOWER, 92.5, NEARLY),
    (100, 110, LOWER, 90.0, NEARLY),  # 10 % over the target: the "nearly" threshold
    (30, 35, LOWER, 83.3, NOT_MET),
    (100, 250, LOWER, 0.0, NOT_MET),  # floored at 0, not -50
    (100, 0, LOWER, 200.0, MET),
])
def test_capaian_and_status(target, realisasi, arah, capaian, status):
    assert kinerja.capaian(target, realisasi, arah) == pytest.approx(capaian, abs=1e-9)
    assert kinerja.status(target, realisasi, arah) == status


@pytest.mark.parametrize(("realisasi", "arah", "status"), [
    (5, HIGHER, MET),  # any realisation reaches a target of 0
    (0, HIGHER, MET),
    (0, LOWER, MET),  # zero cases against a target of zero cases
    (3, LOWER, NOT_MET),  # any case misses it
])
def test_a_zero_target_has_no_capaian_but_a_status(realisasi, arah, status):
    """Given a target of 0, then capaian is undefined (None, shown as —, never 0 or infinity)
    and the status follows the direction."""
    assert kinerja.capaian(0, realisasi, arah) is None
    assert kinerja.status(0, realisasi, arah) == status


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
@pytest.mark.parametrize(("target", "arah"), [(100, HIGHER), (30, LOWER), (0, LOWER)])
def test_no_realisation_yet_is_no_data_never_not_met(missing, target, arah):
    assert kinerja.capaian(target, missing, arah) is None
    assert kinerja.status(target, missing, arah) == NO_DATA


@pytest.mark.parametrize(("realisasi", "expected"), [(96, MET), (95, MET), (85, NEARLY),
                                                     (80, NEARLY), (79.9, NOT_MET)])
def test_thresholds_are_configurable(realisasi, expected):
    assert kinerja.status(100, realisasi, HIGHER, Thresholds(met=95, nearly=80)) == expected


@pytest.mark.parametrize(("met", "nearly"), [(90, 95), (100, 0), (100, -5)])
def test_thresholds_must_be_ordered_and_positive(met, nearly):
    with pytest.raises(ValueError, match="nearly"):
        Thresholds(met=met, nearly=nearly)


def test_an_unknown_direction_is_an_error():
    with pytest.raises(ValueError, match="arah"):
        kinerja.capaian(100, 90, "sideways")


def test_thresholds_come_from_the_config_file_and_the_environment(tmp_path, monkeypatch):
    config = tmp_path / "dasbor.toml"
    config.write_text("[kinerja]\nmet_threshold = 95\nnearly_threshold = 75\n", encoding="utf-8")
    monkeypatch.setenv("PMI_CONFIG", str(config))
    monkeypatch.delenv("PMI_KINERJA_MET", raising=False)
    monkeypatch.delenv("PMI_KINERJA_NEARLY", raising=False)
    assert kinerja_thresholds() == (95.0, 75.0)
    monkeypatch.setenv("PMI_KINERJA_NEARLY", "85")
    assert kinerja_thresholds() == (95.0, 85.0)
    monkeypatch.setenv("PMI_KINERJA_NEARLY", "99")
    with pytest.raises(ValueError, match="nearly_threshold"):
        kinerja_thresholds()


def test_the_shipped_config_uses_100_and_90(monkeypatch):
    for name in ("PMI_CONFIG", "PMI_KINERJA_MET", "PMI_KINERJA_NEARLY"):
        monkeypatch.delenv(name, raising=False)
    assert kinerja_thresholds() == (100.0, 90.0)


def _rows(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kode_indikator", "tahun", "triwulan", "target",
                                        "realisasi", "arah"])
    return frame.astype({"triwulan": "Int64", "realisasi": "Float64"})


def test_per_year_prefers_the_reported_whole_year_then_the_latest_reported_quarter():
    rows = _rows(
        ("A", 2024, None, 100, 97, HIGHER), ("A", 2024, 2, 50, 40, HIGHER),  # whole year wins
        ("A", 2025, 1, 25, 20, HIGHER), ("A", 2025, 2, 50, 45, HIGHER),
        ("A", 2025, 3, 75, None, HIGHER), ("A", 2025, None, 100, None, HIGHER),  # Q2 wins
        ("B", 2025, None, 10, None, LOWER), ("B", 2025, 1, 3, None, LOWER),  # nothing reported
        ("C", 2025, 1, 3, None, LOWER), ("C", 2025, 2, 6, None, LOWER),
    )
    chosen = kinerja.per_year(rows).set_index(["kode_indikator", "tahun"])
    assert pd.isna(chosen.loc[("A", 2024), "triwulan"])
    assert chosen.loc[("A", 2024), "realisasi"] == 97
    assert chosen.loc[("A", 2025), "triwulan"] == 2
    assert chosen.loc[("A", 2025), "realisasi"] == 45
    assert pd.isna(chosen.loc[("B", 2025), "triwulan"])  # the whole-year target, no data
    assert chosen.loc[("C", 2025), "triwulan"] == 2  # no whole-year row: the latest quarter
    assert len(chosen) == 4


def test_assess_counts_and_latest_period():
    rows = _rows(("A", 2024, None, 100, 100, HIGHER), ("B", 2024, None, 100, 91, HIGHER),
                 ("C", 2024, None, 0, 2, LOWER), ("D", 2024, None, 10, None, HIGHER),
                 ("D", 2023, 3, 10, 4, HIGHER))
    assessed = kinerja.assess(rows)
    assert assessed["status"].tolist() == [MET, NEARLY, NOT_MET, NO_DATA, NOT_MET]
    assert assessed["capaian"].isna().tolist() == [False, False, True, True, False]
    assert kinerja.counts(assessed["status"]) == {MET: 1, NEARLY: 1, NOT_MET: 2,
                                                      NO_DATA: 1}
    assert kinerja.latest_period(rows) == (2024, None)
    assert kinerja.latest_period(rows[rows["kode_indikator"] == "D"]) == (2023, 3)
    assert kinerja.latest_period(rows[rows["realisasi"].isna()]) is None
    assert kinerja.default_year(rows) == 2024
    assert kinerja.years(rows) == [2023, 2024]


def test_default_year_is_the_latest_with_a_reported_realisation():
    rows = _rows(("A", 2024, None, 100, 90, HIGHER), ("A", 2026, None, 120, None, HIGHER))
    assert kinerja.default_year(rows) == 2024  # a target set ahead does not move it
    assert kinerja.default_year(rows[rows["tahun"] == 2026]) == 2026
    assert kinerja.default_year(rows.iloc[0:0]) is None
