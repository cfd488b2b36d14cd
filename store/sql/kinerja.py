"""Performance indicators (kinerja): written by store/write.py, read by store/catalogue.py
(``indicators``), shown on pages/performance.py."""

from __future__ import annotations

# Indicator batches live in ``batch`` with ``jenis`` = 'kinerja' and ``series`` = KINERJA_SERIES
# (not a row of ``series``); their rows are in ``kinerja``, never in ``fact``, so no placement
# query (coverage, totals, series lists, the open-data export) sees them.

KINERJA_SERIES = "kinerja"
KINERJA_COLUMNS: tuple[str, ...] = (
    "batch_id", "kode_indikator", "indikator", "satuan", "arah", "tahun", "triwulan", "target",
    "realisasi", "unit_penanggung_jawab", "sumber", "catatan", "baris",
)
INSERT_KINERJA_BATCH = """
    INSERT INTO batch (batch_id, series, file_name, sha256, layout, source, licence, loaded_at,
                       rows_read, rows_stored, rows_skipped, tahun_awal, tahun_akhir, status,
                       replaced_by, is_sample, report, sheet, provisional_from, jenis)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?, NULL, 'kinerja')
"""
#: Insert the rows of a registered data frame ``new_kinerja`` (columns KINERJA_COLUMNS).
INSERT_KINERJA = (
    f"INSERT INTO kinerja ({', '.join(KINERJA_COLUMNS)}) "
    f"SELECT {', '.join(KINERJA_COLUMNS)} FROM new_kinerja"
)
#: Active indicator rows with the same (indicator, year, quarter) as the registered frame
#: ``new_kinerja_slots`` (kode_indikator, tahun, triwulan).
KINERJA_OVERLAPPING = """
    SELECT DISTINCT k.batch_id, b.file_name, b.loaded_at, k.tahun, k.kode_indikator
    FROM kinerja k
    JOIN batch b USING (batch_id)
    JOIN new_kinerja_slots s
      ON k.kode_indikator = s.kode_indikator AND k.tahun = s.tahun
     AND k.triwulan IS NOT DISTINCT FROM s.triwulan
    WHERE b.status = 'active'
    ORDER BY k.batch_id, k.tahun, k.kode_indikator
"""
#: (indicator, year, quarter) of a batch that the registered frame ``new_kinerja_slots`` lacks.
KINERJA_SLOTS_NOT_COVERED = """
    SELECT DISTINCT k.tahun, k.kode_indikator, k.triwulan
    FROM kinerja k
    WHERE k.batch_id = ?
      AND NOT EXISTS (
        SELECT 1 FROM new_kinerja_slots s
        WHERE k.kode_indikator = s.kode_indikator AND k.tahun = s.tahun
          AND k.triwulan IS NOT DISTINCT FROM s.triwulan)
    ORDER BY 1, 2, 3 NULLS FIRST
"""
BATCH_KIND = "SELECT coalesce(jenis, 'penempatan') FROM batch WHERE batch_id = ?"
#: Every indicator row of the active batches, with its batch's provenance.
KINERJA_ROWS = """
    SELECT k.kode_indikator, k.indikator, k.satuan, k.arah, k.tahun, k.triwulan, k.target,
           k.realisasi, k.unit_penanggung_jawab, k.sumber, k.catatan, k.baris, k.batch_id,
           b.file_name, b.sheet, b.source, b.licence, b.loaded_at, b.is_sample
    FROM kinerja k JOIN batch b USING (batch_id)
    WHERE b.status = 'active'
    ORDER BY k.kode_indikator, k.tahun, k.triwulan NULLS LAST
"""
