"""Internships abroad (pemagangan): store/write.py, store/intern_queries.py,
pages/internships.py. The schema of version 7 (``SCHEMA_V7``) is a migration of ``schema``."""

from __future__ import annotations

from store.sql.placements import PICKS

# Intern batches live in ``batch`` with ``jenis`` = 'magang' and a series of ``seri_magang``
# (never a placement series); their rows are in ``magang_fact``, never in ``fact``, so no
# placement query (coverage, totals, series lists, ``penempatan``) sees them, and no intern
# query reads ``fact``. ``status`` (what a row counts: departed, returned, with a problem) is a
# key like the series: every read is for one series and one status; statuses are never added.

INTERN_KIND = "magang"
#: Dimensions an intern table may break its figures down by, with their bit (``rincian``).
INTERN_BREAKDOWN_BITS: dict[str, int] = {
    "bulan": 1,
    "penyelenggara": 2,
    "negara_tujuan": 4,
    "bidang": 8,
    "jenis_kelamin": 16,
    "pelindungan": 32,
}
INTERN_SUMMARY_DIMENSIONS: tuple[str, ...] = ("tahun", "kode_wilayah", *INTERN_BREAKDOWN_BITS)

SCHEMA_V7: tuple[str, ...] = (
    """CREATE TABLE penyelenggara (
        penyelenggara VARCHAR PRIMARY KEY,
        nama_en VARCHAR NOT NULL,
        keterangan_id VARCHAR NOT NULL,
        keterangan_en VARCHAR NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    """CREATE TABLE bidang (
        bidang VARCHAR PRIMARY KEY,
        nama_en VARCHAR NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    """CREATE TABLE status_magang (
        status VARCHAR PRIMARY KEY,
        nama_en VARCHAR NOT NULL,
        keterangan_id VARCHAR NOT NULL,
        keterangan_en VARCHAR NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    """CREATE TABLE pelindungan (
        pelindungan VARCHAR PRIMARY KEY,
        nama_en VARCHAR NOT NULL,
        keterangan_id VARCHAR NOT NULL,
        keterangan_en VARCHAR NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    """CREATE TABLE seri_magang (
        series VARCHAR PRIMARY KEY,
        nama_id VARCHAR NOT NULL,
        nama_en VARCHAR NOT NULL,
        keterangan_id VARCHAR NOT NULL,
        keterangan_en VARCHAR NOT NULL,
        is_sample BOOLEAN NOT NULL,
        urutan INTEGER NOT NULL,
        sumber_singkat VARCHAR
    )""",
    """CREATE TABLE alias_magang (
        dimensi VARCHAR NOT NULL,
        alias VARCHAR NOT NULL,
        nilai VARCHAR NOT NULL
    )""",
    # The intern figures: as ``fact``, with ``status`` and the intern dimensions.
    """CREATE TABLE magang_fact (
        batch_id INTEGER NOT NULL,
        series VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        breakdown UTINYINT NOT NULL,
        tahun SMALLINT NOT NULL,
        bulan TINYINT CHECK (bulan BETWEEN 1 AND 12),
        s_d_bulan TINYINT NOT NULL CHECK (s_d_bulan BETWEEN 1 AND 12),
        kode_wilayah VARCHAR NOT NULL,
        penyelenggara VARCHAR,
        negara_tujuan VARCHAR,
        bidang VARCHAR,
        jenis_kelamin VARCHAR,
        pelindungan VARCHAR,
        jumlah BIGINT NOT NULL CHECK (jumlah >= 0),
        sumber VARCHAR
    )""",
    """CREATE TABLE magang_coverage (
        series VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        tahun SMALLINT NOT NULL,
        kode_wilayah VARCHAR NOT NULL,
        breakdown UTINYINT NOT NULL,
        coverage TINYINT NOT NULL,
        total BIGINT NOT NULL
    )""",
    """CREATE VIEW active_magang_fact AS
        SELECT f.* FROM magang_fact f JOIN batch b USING (batch_id) WHERE b.status = 'active'""",
    # The analysts' contract for interns (docs/data-model.md §10).
    """CREATE VIEW pemagangan AS
        SELECT f.tahun, f.bulan, f.kode_wilayah, f.status, f.penyelenggara, f.negara_tujuan,
               f.bidang, f.jenis_kelamin, f.pelindungan, f.jumlah, f.batch_id,
               f.series AS seri, f.breakdown AS rincian, f.s_d_bulan, f.sumber,
               b.is_sample AS data_contoh
        FROM magang_fact f JOIN batch b USING (batch_id)
        WHERE b.status = 'active'""",
)

INTERN_FACT_COLUMNS: tuple[str, ...] = (
    "batch_id", "series", "status", "breakdown", "tahun", "bulan", "s_d_bulan", "kode_wilayah",
    "penyelenggara", "negara_tujuan", "bidang", "jenis_kelamin", "pelindungan", "jumlah",
    "sumber",
)
INSERT_INTERN_BATCH = """
    INSERT INTO batch (batch_id, series, file_name, sha256, layout, source, licence, loaded_at,
                       rows_read, rows_stored, rows_skipped, tahun_awal, tahun_akhir, status,
                       replaced_by, is_sample, report, sheet, provisional_from, jenis)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?, ?, 'magang')
"""
#: Insert the rows of a registered data frame ``new_intern_facts`` (INTERN_FACT_COLUMNS).
INSERT_INTERN_FACTS = (
    f"INSERT INTO magang_fact ({', '.join(INTERN_FACT_COLUMNS)}) "
    f"SELECT {', '.join(INTERN_FACT_COLUMNS)} FROM new_intern_facts"
)
#: Active intern batches of the same series, status and table with the same slots (year,
#: month, regency) as the registered frame ``new_intern_slots``.
INTERN_OVERLAPPING = """
    SELECT DISTINCT f.batch_id, b.file_name, b.loaded_at, f.tahun, f.kode_wilayah
    FROM active_magang_fact f
    JOIN batch b USING (batch_id)
    JOIN new_intern_slots s
      ON f.series = s.series AND f.status = s.status AND f.breakdown = s.breakdown
     AND f.tahun = s.tahun AND f.kode_wilayah = s.kode_wilayah
     AND f.bulan IS NOT DISTINCT FROM s.bulan
    ORDER BY f.batch_id, f.tahun, f.kode_wilayah
"""
#: Slots of an active intern batch that the registered frame ``new_intern_slots`` lacks.
INTERN_SLOTS_NOT_COVERED = """
    SELECT DISTINCT f.tahun, f.kode_wilayah
    FROM magang_fact f
    WHERE f.batch_id = ?
      AND NOT EXISTS (
        SELECT 1 FROM new_intern_slots s
        WHERE f.status = s.status AND f.breakdown = s.breakdown AND f.tahun = s.tahun
          AND f.kode_wilayah = s.kode_wilayah AND f.bulan IS NOT DISTINCT FROM s.bulan)
    ORDER BY 1, 2
"""


def intern_coverage_of(relation: str, where: str = "") -> str:
    """``coverage_of`` for intern figures: per series, status, year, regency and table."""
    assert relation.isidentifier()
    return f"""
        SELECT series, status, tahun, kode_wilayah, breakdown,
               CAST(CASE WHEN breakdown & 1 = 1 THEN max(bulan)
                    ELSE max(s_d_bulan) END AS TINYINT) AS coverage,
               CAST(sum(jumlah) AS BIGINT) AS total
        FROM {relation} {where}
        GROUP BY series, status, tahun, kode_wilayah, breakdown
    """


DELETE_INTERN_COVERAGE = "DELETE FROM magang_coverage WHERE series = ?"
INSERT_INTERN_COVERAGE = "INSERT INTO magang_coverage " + intern_coverage_of(
    "active_magang_fact", "WHERE series = ?")
#: Candidate tables per year x regency for an intern query (series, status, years, mask).
INTERN_COVERAGE_CANDIDATES = """
    SELECT tahun, kode_wilayah, breakdown, coverage, total
    FROM magang_coverage
    WHERE series = ? AND status = ? AND tahun BETWEEN ? AND ? AND (breakdown & ?) = ?
"""


def intern_totals_query(by: list[str], filters: list[str]) -> str:
    """``totals_query`` for intern figures: one series and one status (``?``, ``?``)."""
    for column in (*by, *filters):
        if column not in INTERN_SUMMARY_DIMENSIONS:
            raise ValueError(f"unknown dimension {column!r}")
    select = ", ".join(f"f.{c}" for c in by)
    where = "".join(f" AND f.{c} IN (SELECT unnest(?))" for c in filters)
    group = f"GROUP BY {select} ORDER BY {select}" if by else ""
    lead = f"{select}, " if by else ""
    return f"""
        SELECT {lead}CAST(coalesce(sum(f.jumlah), 0) AS BIGINT) AS jumlah
        FROM active_magang_fact f
        JOIN {PICKS} p
          ON f.tahun = p.tahun AND f.kode_wilayah = p.kode_wilayah
         AND f.breakdown = p.breakdown
        WHERE f.series = ? AND f.status = ? {where}
        {group}
    """


INTERN_SERIES = """
    SELECT s.series, s.nama_id, s.nama_en, s.keterangan_id, s.keterangan_en, s.is_sample,
           s.sumber_singkat,
           (SELECT count(*) FROM active_magang_fact f WHERE f.series = s.series) AS n_facts
    FROM seri_magang s ORDER BY s.urutan
"""
INTERN_YEARS = "SELECT DISTINCT tahun FROM magang_coverage WHERE series = ? ORDER BY tahun"
#: The statuses a series has figures for, in display order.
INTERN_STATUSES = """
    SELECT s.status FROM status_magang s
    WHERE EXISTS (SELECT 1 FROM magang_coverage c WHERE c.series = ? AND c.status = s.status)
    ORDER BY s.urutan
"""
INTERN_DATA_UNTIL = """
    SELECT tahun, max(s_d_bulan) FROM active_magang_fact WHERE series = ?
    GROUP BY tahun ORDER BY tahun DESC LIMIT 1
"""
#: Display names per intern dimension value: (value, Indonesian, English).
INTERN_LABELS: dict[str, str] = {
    "penyelenggara": "SELECT penyelenggara, penyelenggara, nama_en FROM penyelenggara",
    "bidang": "SELECT bidang, bidang, nama_en FROM bidang",
    "pelindungan": "SELECT pelindungan, pelindungan, nama_en FROM pelindungan",
    "status": "SELECT status, status, nama_en FROM status_magang",
}
INTERN_REFERENCE_VALUES: dict[str, str] = {
    "penyelenggara": "SELECT penyelenggara FROM penyelenggara ORDER BY urutan",
    "bidang": "SELECT bidang FROM bidang ORDER BY urutan",
    "pelindungan": "SELECT pelindungan FROM pelindungan ORDER BY urutan",
    "status": "SELECT status FROM status_magang ORDER BY urutan",
}
#: The organisers with their plain explanations.
INTERN_ORGANISERS = """
    SELECT penyelenggara, nama_en, keterangan_id, keterangan_en FROM penyelenggara
    ORDER BY urutan
"""
INTERN_COVERAGE_OF_SERIES = """
    SELECT series, status, tahun, kode_wilayah, breakdown, coverage, total
    FROM magang_coverage WHERE series = coalesce(?, series)
"""
#: Intern tables that disagree on the total of the same year x regency and status.
INTERN_DISAGREEMENTS = """
    SELECT series, status, tahun, kode_wilayah, coverage,
           list(breakdown ORDER BY breakdown) AS breakdowns,
           list(total ORDER BY breakdown) AS totals
    FROM magang_coverage
    WHERE series = coalesce(?, series)
    GROUP BY series, status, tahun, kode_wilayah, coverage
    HAVING count(DISTINCT total) > 1
    ORDER BY series, status, tahun, kode_wilayah
"""
#: Every row of the view ``pemagangan`` with readable names (``?`` a series or NULL for all).
EXPORT_INTERN_FIGURES = """
    SELECT p.seri, p.data_contoh, p.batch_id, p.status, p.rincian, p.tahun, p.bulan,
           p.s_d_bulan, p.kode_wilayah, w.nama AS nama_wilayah, p.penyelenggara,
           p.negara_tujuan, n.nama_id AS nama_negara, p.bidang, p.jenis_kelamin,
           p.pelindungan, p.jumlah, p.sumber
    FROM pemagangan p
    LEFT JOIN wilayah w ON w.kode_wilayah = p.kode_wilayah
    LEFT JOIN negara n ON n.kode = p.negara_tujuan
    WHERE p.seri = coalesce(?, p.seri)
    ORDER BY p.seri, p.status, p.batch_id, p.rincian, p.tahun, p.kode_wilayah,
             p.bulan NULLS FIRST, p.s_d_bulan, p.penyelenggara NULLS FIRST,
             p.negara_tujuan NULLS FIRST, p.bidang NULLS FIRST, p.jenis_kelamin NULLS FIRST,
             p.pelindungan NULLS FIRST
"""
EXPORT_INTERN_SERIES = """
    SELECT series AS seri, nama_id, nama_en, keterangan_id, keterangan_en,
           is_sample AS data_contoh, sumber_singkat
    FROM seri_magang WHERE series = coalesce(?, series) ORDER BY urutan
"""
#: The rows of one intern batch as stored (the upload archive of a record-level file).
INTERN_BATCH_FACTS = """
    SELECT status, tahun, bulan, s_d_bulan, kode_wilayah, breakdown, penyelenggara,
           negara_tujuan, bidang, jenis_kelamin, pelindungan, jumlah
    FROM magang_fact WHERE batch_id = ?
    ORDER BY status, tahun, bulan, kode_wilayah, breakdown, penyelenggara, negara_tujuan,
             bidang, jenis_kelamin, pelindungan
"""
