"""Placement figures (table ``fact``): the dimensions a table breaks its figures down by, the
statements the loaders write batches with, and the read queries of the dashboard and the CLI.

The few statements that must be assembled (a GROUP BY over chosen dimensions) only ever splice
in column names from the fixed whitelists below, never user text.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Dimensions and their bit in a table's breakdown mask
# ---------------------------------------------------------------------------------------------

#: Dimensions a table may break its figures down by (besides year and regency), with their bit.
BREAKDOWN_BITS: dict[str, int] = {
    "bulan": 1,
    "skema": 2,
    "sektor": 4,
    "jenis_kelamin": 8,
    "negara_tujuan": 16,
    "jabatan": 32,
}
#: Dimensions that ``summary`` and the dashboard can group by.
SUMMARY_DIMENSIONS: tuple[str, ...] = ("tahun", "kode_wilayah", *BREAKDOWN_BITS)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

FACT_COLUMNS: tuple[str, ...] = (
    "batch_id", "series", "breakdown", "tahun", "bulan", "s_d_bulan", "kode_wilayah", "skema",
    "sektor", "jenis_kelamin", "negara_tujuan", "jabatan", "jumlah", "sumber",
)

NEXT_BATCH_ID = "SELECT coalesce(max(batch_id), 0) + 1 FROM batch"
#: The same content (file hash, and sheet for workbooks) already active in the same series.
ACTIVE_BATCH_BY_CONTENT = """
    SELECT batch_id FROM batch
    WHERE sha256 = ? AND coalesce(sheet, '') = coalesce(?, '') AND series = ?
      AND status = 'active'
    ORDER BY batch_id LIMIT 1
"""
INSERT_BATCH = """
    INSERT INTO batch (batch_id, series, file_name, sha256, layout, source, licence, loaded_at,
                       rows_read, rows_stored, rows_skipped, tahun_awal, tahun_akhir, status,
                       replaced_by, is_sample, report, sheet, provisional_from)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?, ?)
"""
#: Insert the rows of a registered data frame ``new_facts`` (columns FACT_COLUMNS).
INSERT_FACTS = (
    f"INSERT INTO fact ({', '.join(FACT_COLUMNS)}) "
    f"SELECT {', '.join(FACT_COLUMNS)} FROM new_facts"
)

#: Active batches of a series whose table (breakdown) and slots (year, month, regency) overlap
#: the slots of the registered frame ``new_slots`` (series, breakdown, tahun, bulan, kode).
OVERLAPPING_BATCHES = """
    SELECT DISTINCT f.batch_id, b.file_name, b.loaded_at, f.tahun, f.kode_wilayah
    FROM active_fact f
    JOIN batch b USING (batch_id)
    JOIN new_slots s
      ON f.series = s.series AND f.breakdown = s.breakdown AND f.tahun = s.tahun
     AND f.kode_wilayah = s.kode_wilayah AND f.bulan IS NOT DISTINCT FROM s.bulan
    ORDER BY f.batch_id, f.tahun, f.kode_wilayah
"""
#: Slots of an active batch that the registered frame ``new_slots`` does not cover.
SLOTS_NOT_COVERED = """
    SELECT DISTINCT f.tahun, f.kode_wilayah
    FROM fact f
    WHERE f.batch_id = ?
      AND NOT EXISTS (
        SELECT 1 FROM new_slots s
        WHERE f.breakdown = s.breakdown AND f.tahun = s.tahun
          AND f.kode_wilayah = s.kode_wilayah AND f.bulan IS NOT DISTINCT FROM s.bulan)
    ORDER BY 1, 2
"""
SET_BATCH_STATUS = "UPDATE batch SET status = ?, replaced_by = ? WHERE batch_id = ?"
BATCH_BY_ID = "SELECT batch_id, series, status, file_name FROM batch WHERE batch_id = ?"
BATCHES_REPLACED_BY = (
    "SELECT batch_id FROM batch WHERE replaced_by = ? AND status = 'replaced' ORDER BY batch_id"
)

DELETE_COVERAGE = "DELETE FROM coverage WHERE series = ?"


def coverage_of(relation: str, where: str = "") -> str:
    """Coverage of each year x regency by each table of ``relation``: the last month covered
    (January to that month), for monthly tables as for annual (or year-to-date) ones — a
    month with no row inside that span is a month with no placements, not a gap in the
    source; and its total."""
    assert relation.isidentifier()
    return f"""
        SELECT series, tahun, kode_wilayah, breakdown,
               CAST(CASE WHEN breakdown & 1 = 1 THEN max(bulan)
                    ELSE max(s_d_bulan) END AS TINYINT) AS coverage,
               CAST(sum(jumlah) AS BIGINT) AS total
        FROM {relation} {where}
        GROUP BY series, tahun, kode_wilayah, breakdown
    """


INSERT_COVERAGE = "INSERT INTO coverage " + coverage_of("active_fact", "WHERE series = ?")

# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

HISTORY = """
    SELECT batch_id, status, series, layout, file_name, rows_read, rows_stored, rows_skipped,
           tahun_awal, tahun_akhir, loaded_at, source, replaced_by, sha256, is_sample
    FROM batch ORDER BY batch_id
"""
SERIES = """
    SELECT s.series, s.nama_id, s.nama_en, s.keterangan_id, s.keterangan_en, s.is_sample,
           s.sumber_singkat,
           (SELECT count(*) FROM active_fact f WHERE f.series = s.series) AS n_facts
    FROM series s ORDER BY s.urutan
"""
SERIES_WITH_FIGURES = "SELECT DISTINCT series FROM active_fact ORDER BY series"
REGIONS = "SELECT * FROM wilayah ORDER BY kode_wilayah"
REFERENCE_VALUES = {
    "skema": "SELECT skema FROM skema ORDER BY urutan",
    "sektor": "SELECT sektor FROM sektor ORDER BY urutan",
    "jenis_kelamin": "SELECT jenis_kelamin FROM jenis_kelamin ORDER BY urutan",
}
SOURCES = """
    SELECT DISTINCT source FROM batch
    WHERE series = ? AND status = 'active' AND source IS NOT NULL ORDER BY source
"""
#: Display names per dimension value: (value, Indonesian, English).
LABELS: dict[str, str] = {
    "kode_wilayah": "SELECT kode_wilayah, nama_pendek, nama_en FROM wilayah",
    "negara_tujuan": "SELECT kode, nama_id, nama_en FROM negara",
    "jenis_kelamin": "SELECT jenis_kelamin, jenis_kelamin, nama_en FROM jenis_kelamin",
    "jabatan": "SELECT jabatan, jabatan, nama_en FROM jabatan",
    "skema": "SELECT skema, skema, skema FROM skema",
    "sektor": "SELECT sektor, sektor, sektor FROM sektor",
}
SCHEME_NOTES = """
    SELECT skema, nama_lengkap, keterangan_id, keterangan_en FROM skema ORDER BY urutan
"""
YEARS_WITH_FIGURES = "SELECT DISTINCT tahun FROM coverage WHERE series = ? ORDER BY tahun"
#: The earliest month the active batches of a series call provisional.
PROVISIONAL_FROM = """
    SELECT min(provisional_from) FROM batch
    WHERE series = ? AND status = 'active' AND provisional_from IS NOT NULL
"""
#: Known caveats of the active batches of a series (from their sources' meta.yml).
CAVEATS = """
    SELECT DISTINCT unnest(CAST(json_extract(report, '$.caveats') AS VARCHAR[])) AS caveat
    FROM batch WHERE series = ? AND status = 'active' AND report IS NOT NULL
    ORDER BY caveat
"""
POPULATION = """
    SELECT kode_wilayah, penduduk, tahun, sumber FROM penduduk
    WHERE tahun = (SELECT max(tahun) FROM penduduk) ORDER BY kode_wilayah
"""
#: Every active batch with what the public needs to trace a figure to its file. Indicator
#: batches (``jenis`` = 'kinerja') belong to no series: their names are NULL, they come last;
#: intern batches (``jenis`` = 'magang') take their names from ``seri_magang``, after the
#: placement series.
PROVENANCE = """
    SELECT b.batch_id, b.series, coalesce(s.nama_id, m.nama_id) AS nama_id,
           coalesce(s.nama_en, m.nama_en) AS nama_en,
           coalesce(s.is_sample, m.is_sample, b.is_sample) AS is_sample, b.file_name, b.sheet,
           b.source, b.layout, b.tahun_awal, b.tahun_akhir, b.rows_stored, b.loaded_at,
           b.sha256, b.report, coalesce(b.jenis, 'penempatan') AS jenis
    FROM batch b LEFT JOIN series s USING (series)
    LEFT JOIN seri_magang m ON m.series = b.series AND b.jenis = 'magang'
    WHERE b.status = 'active'
    ORDER BY s.urutan NULLS LAST, m.urutan NULLS LAST, b.loaded_at DESC
"""
LAST_LOADED = "SELECT max(loaded_at) FROM batch WHERE series = ? AND status = 'active'"
#: The last period a series has figures for: (tahun, last month covered).
DATA_UNTIL = """
    SELECT tahun, max(s_d_bulan) FROM active_fact WHERE series = ?
    GROUP BY tahun ORDER BY tahun DESC LIMIT 1
"""

#: Candidate tables per year x regency for a query (see store/queries.py for the choice).
COVERAGE_CANDIDATES = """
    SELECT tahun, kode_wilayah, breakdown, coverage, total
    FROM coverage
    WHERE series = ? AND tahun BETWEEN ? AND ? AND (breakdown & ?) = ?
"""

COVERAGE_OF_SERIES = """
    SELECT series, tahun, kode_wilayah, breakdown, coverage, total
    FROM coverage WHERE series = coalesce(?, series)
"""
#: Tables that disagree on the total of the same year x regency at the same coverage.
DISAGREEMENTS = """
    SELECT series, tahun, kode_wilayah, coverage,
           list(breakdown ORDER BY breakdown) AS breakdowns,
           list(total ORDER BY breakdown) AS totals
    FROM coverage
    WHERE series = coalesce(?, series)
    GROUP BY series, tahun, kode_wilayah, coverage
    HAVING count(DISTINCT total) > 1
    ORDER BY series, tahun, kode_wilayah
"""

#: The rows of one batch as stored (the aggregated figures of a record-level upload, for the
#: upload archive: loaders/upload_work.py).
BATCH_FACTS = """
    SELECT tahun, bulan, s_d_bulan, kode_wilayah, breakdown, skema, sektor, jenis_kelamin,
           negara_tujuan, jabatan, jumlah
    FROM fact WHERE batch_id = ?
    ORDER BY tahun, bulan, kode_wilayah, breakdown, skema, sektor, jenis_kelamin,
             negara_tujuan, jabatan
"""


#: The chosen tables of a totals query (store/queries.py: one per year x regency) as three
#: list parameters - years, regency codes, breakdown masks - in that order, before the
#: query's own. (Registering a pandas frame as a table cost 1.7 ms more a query.)
PICKS = """(SELECT unnest(?::SMALLINT[]) AS tahun, unnest(?::VARCHAR[]) AS kode_wilayah,
                   unnest(?::UTINYINT[]) AS breakdown)"""


def totals_query(by: list[str], filters: list[str]) -> str:
    """Sum of ``jumlah`` over the chosen tables (:data:`PICKS`), grouped by ``by``.

    ``filters`` are whitelisted column names; each gets an ``IN (SELECT unnest(?))`` parameter.
    """
    for column in (*by, *filters):
        if column not in SUMMARY_DIMENSIONS:
            raise ValueError(f"unknown dimension {column!r}")
    select = ", ".join(f"f.{c}" for c in by)
    where = "".join(f" AND f.{c} IN (SELECT unnest(?))" for c in filters)
    group = f"GROUP BY {select} ORDER BY {select}" if by else ""
    lead = f"{select}, " if by else ""
    return f"""
        SELECT {lead}CAST(coalesce(sum(f.jumlah), 0) AS BIGINT) AS jumlah
        FROM active_fact f
        JOIN {PICKS} p
          ON f.tahun = p.tahun AND f.kode_wilayah = p.kode_wilayah
         AND f.breakdown = p.breakdown
        WHERE f.series = ? {where}
        {group}
    """
