"""The open-data export (loaders/open_data.py) of placements and indicators; the intern
export's statements are in ``interns``."""

from __future__ import annotations

#: Every row of the view ``penempatan`` (active batches), with readable names; ``?`` is a
#: series or NULL for all. A list of every table's rows, not a total (docs/data-format.md).
EXPORT_FIGURES = """
    SELECT p.seri, p.data_contoh, p.batch_id, p.rincian, p.tahun, p.bulan, p.s_d_bulan,
           p.kode_wilayah, w.nama AS nama_wilayah, p.skema, p.sektor, p.jenis_kelamin,
           p.negara_tujuan, n.nama_id AS nama_negara, p.jabatan, p.jumlah, p.sumber
    FROM penempatan p
    LEFT JOIN wilayah w ON w.kode_wilayah = p.kode_wilayah
    LEFT JOIN negara n ON n.kode = p.negara_tujuan
    WHERE p.seri = coalesce(?, p.seri)
    ORDER BY p.seri, p.batch_id, p.rincian, p.tahun, p.kode_wilayah, p.bulan NULLS FIRST,
             p.s_d_bulan, p.skema NULLS FIRST, p.sektor NULLS FIRST,
             p.jenis_kelamin NULLS FIRST, p.negara_tujuan NULLS FIRST, p.jabatan NULLS FIRST
"""
#: Provenance of every batch (all statuses) of a series, or of all (``?`` NULL): placement
#: batches and, for all, the performance-indicator batches (``jenis`` 'kinerja').
EXPORT_BATCHES = """
    SELECT batch_id, coalesce(jenis, 'penempatan') AS jenis, series AS seri, status, file_name,
           sheet, sha256, layout, source, licence,
           strftime(loaded_at, '%Y-%m-%dT%H:%M:%S') AS loaded_at, rows_read, rows_stored,
           rows_skipped, tahun_awal, tahun_akhir, replaced_by, is_sample AS data_contoh,
           provisional_from
    FROM batch WHERE series = coalesce(?, series)
    ORDER BY batch_id
"""
#: Every indicator row of the active batches, for the open-data table ``kinerja``.
EXPORT_KINERJA = """
    SELECT k.kode_indikator, k.indikator, k.satuan, k.arah, k.tahun, k.triwulan, k.target,
           k.realisasi, k.unit_penanggung_jawab, k.sumber, k.catatan, k.batch_id,
           b.is_sample AS data_contoh
    FROM kinerja k JOIN batch b USING (batch_id)
    WHERE b.status = 'active'
    ORDER BY k.kode_indikator, k.tahun, k.triwulan NULLS LAST
"""
EXPORT_SERIES = """
    SELECT series AS seri, nama_id, nama_en, keterangan_id, keterangan_en,
           is_sample AS data_contoh, sumber_singkat
    FROM series WHERE series = coalesce(?, series) ORDER BY urutan
"""
#: Distinct source citations of the active batches of a series or of all (``?`` NULL).
EXPORT_SOURCES = """
    SELECT DISTINCT source FROM batch
    WHERE status = 'active' AND source IS NOT NULL AND series = coalesce(?, series)
    ORDER BY source
"""
