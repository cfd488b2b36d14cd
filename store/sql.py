"""Every SQL statement of the project, in one place.

The schema (tables, views, migrations) comes first, then the statements the loaders write with,
then the read queries the dashboard and the CLI use. Statements take ``?`` parameters; the few
that must be assembled (a GROUP BY over chosen dimensions) only ever splice in column names from
the fixed whitelists below, never user text.
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

SCHEMA_VERSION = 7

# ---------------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------------

SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE store_meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
    # Reference data (rebuilt from data/reference/*.csv whenever those files change).
    """CREATE TABLE wilayah (
        kode_wilayah VARCHAR PRIMARY KEY,
        nama VARCHAR NOT NULL,
        jenis VARCHAR NOT NULL CHECK (jenis IN ('Provinsi', 'Kabupaten', 'Kota')),
        nama_pendek VARCHAR NOT NULL,
        nama_en VARCHAR NOT NULL
    )""",
    """CREATE TABLE alias (
        dimensi VARCHAR NOT NULL,
        alias VARCHAR NOT NULL,
        nilai VARCHAR NOT NULL
    )""",
    """CREATE TABLE skema (
        skema VARCHAR PRIMARY KEY,
        nama_lengkap VARCHAR NOT NULL,
        keterangan_id VARCHAR NOT NULL,
        keterangan_en VARCHAR NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    """CREATE TABLE sektor (
        sektor VARCHAR PRIMARY KEY,
        keterangan_id VARCHAR NOT NULL,
        keterangan_en VARCHAR NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    """CREATE TABLE jenis_kelamin (
        jenis_kelamin VARCHAR PRIMARY KEY,
        nama_en VARCHAR NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    """CREATE TABLE negara (
        kode VARCHAR PRIMARY KEY,
        nama_id VARCHAR NOT NULL,
        nama_en VARCHAR NOT NULL
    )""",
    """CREATE TABLE jabatan (
        jabatan VARCHAR PRIMARY KEY,
        nama_en VARCHAR NOT NULL,
        keterangan_id VARCHAR
    )""",
    """CREATE TABLE series (
        series VARCHAR PRIMARY KEY,
        nama_id VARCHAR NOT NULL,
        nama_en VARCHAR NOT NULL,
        keterangan_id VARCHAR NOT NULL,
        keterangan_en VARCHAR NOT NULL,
        is_sample BOOLEAN NOT NULL,
        urutan INTEGER NOT NULL
    )""",
    # Provenance: one row per loaded file.
    """CREATE TABLE batch (
        batch_id INTEGER PRIMARY KEY,
        series VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        layout VARCHAR NOT NULL,
        source VARCHAR,
        licence VARCHAR,
        loaded_at TIMESTAMP NOT NULL,
        rows_read BIGINT NOT NULL,
        rows_stored BIGINT NOT NULL,
        rows_skipped BIGINT NOT NULL,
        tahun_awal INTEGER,
        tahun_akhir INTEGER,
        status VARCHAR NOT NULL CHECK (status IN ('active', 'replaced', 'rolled_back')),
        replaced_by INTEGER,
        is_sample BOOLEAN NOT NULL,
        report VARCHAR
    )""",
    # The figures. ``breakdown`` is the bit mask (BREAKDOWN_BITS) of the dimensions the table
    # that the row came from breaks down by: a NULL in such a dimension means "not reported".
    """CREATE TABLE fact (
        batch_id INTEGER NOT NULL,
        series VARCHAR NOT NULL,
        breakdown UTINYINT NOT NULL,
        tahun SMALLINT NOT NULL,
        bulan TINYINT CHECK (bulan BETWEEN 1 AND 12),
        s_d_bulan TINYINT NOT NULL CHECK (s_d_bulan BETWEEN 1 AND 12),
        kode_wilayah VARCHAR NOT NULL,
        skema VARCHAR,
        sektor VARCHAR,
        jenis_kelamin VARCHAR,
        negara_tujuan VARCHAR,
        jabatan VARCHAR,
        jumlah BIGINT NOT NULL CHECK (jumlah >= 0),
        sumber VARCHAR
    )""",
    # Which table (breakdown) covers how much of each year x regency, over active batches.
    # Kept up to date by every write; the read queries choose tables from it.
    """CREATE TABLE coverage (
        series VARCHAR NOT NULL,
        tahun SMALLINT NOT NULL,
        kode_wilayah VARCHAR NOT NULL,
        breakdown UTINYINT NOT NULL,
        coverage TINYINT NOT NULL,
        total BIGINT NOT NULL
    )""",
    """CREATE VIEW active_fact AS
        SELECT f.* FROM fact f JOIN batch b USING (batch_id) WHERE b.status = 'active'""",
    # The analysts' contract (docs/data-model.md).
    """CREATE VIEW penempatan AS
        SELECT f.tahun, f.bulan, f.kode_wilayah, f.skema, f.sektor, f.jenis_kelamin,
               f.negara_tujuan, f.jabatan, f.jumlah, f.batch_id,
               f.series AS seri, f.breakdown AS rincian, f.s_d_bulan, f.sumber,
               b.is_sample AS data_contoh
        FROM fact f JOIN batch b USING (batch_id)
        WHERE b.status = 'active'""",
)

SCHEMA_V2: tuple[str, ...] = (
    # a short citation for chart footers; the sheet a batch was read from (a workbook's
    # sheets are separate tables with one file hash)
    "ALTER TABLE series ADD COLUMN sumber_singkat VARCHAR",
    "ALTER TABLE batch ADD COLUMN sheet VARCHAR",
)

SCHEMA_V3: tuple[str, ...] = (
    # the first month (YYYY-MM) the source calls provisional (angka sementara), if any
    "ALTER TABLE batch ADD COLUMN provisional_from VARCHAR",
)

SCHEMA_V4: tuple[str, ...] = (
    # population per regency (census), the denominator of per-capita rates
    """CREATE TABLE penduduk (
        kode_wilayah VARCHAR NOT NULL,
        tahun SMALLINT NOT NULL,
        penduduk BIGINT NOT NULL,
        sumber VARCHAR NOT NULL,
        PRIMARY KEY (kode_wilayah, tahun)
    )""",
)

SCHEMA_V5: tuple[str, ...] = (
    # what a batch holds: placement figures (table fact) or performance indicators (kinerja);
    # batches stored before version 5 are placements
    "ALTER TABLE batch ADD COLUMN jenis VARCHAR DEFAULT 'penempatan'",
    # performance indicators against their targets (docs/data-format.md, "Kinerja"); a quarter
    # row's realisation is cumulative to the end of that quarter, NULL = the whole year
    """CREATE TABLE kinerja (
        batch_id INTEGER NOT NULL,
        kode_indikator VARCHAR NOT NULL,
        indikator VARCHAR NOT NULL,
        satuan VARCHAR NOT NULL,
        arah VARCHAR NOT NULL CHECK (arah IN ('naik', 'turun')),
        tahun SMALLINT NOT NULL,
        triwulan TINYINT CHECK (triwulan BETWEEN 1 AND 4),
        target DOUBLE NOT NULL CHECK (target >= 0),
        realisasi DOUBLE CHECK (realisasi >= 0),
        unit_penanggung_jawab VARCHAR,
        sumber VARCHAR,
        catatan VARCHAR,
        baris INTEGER
    )""",
    """CREATE VIEW kinerja_aktif AS
        SELECT k.*, b.is_sample AS data_contoh, b.file_name AS berkas
        FROM kinerja k JOIN batch b USING (batch_id)
        WHERE b.status = 'active'""",
)

#: Migrations from version N-1 to N, applied in order to older stores.
MIGRATIONS: dict[int, tuple[str, ...]] = {1: SCHEMA_V1, 2: SCHEMA_V2, 3: SCHEMA_V3,
                                          4: SCHEMA_V4, 5: SCHEMA_V5}

SCHEMA_EXISTS = (
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'store_meta'"
)
GET_META = "SELECT value FROM store_meta WHERE key = ?"
SET_META = "INSERT OR REPLACE INTO store_meta VALUES (?, ?)"

#: Reference tables and their columns, filled from data/reference/<table>.csv.
REFERENCE_TABLES: dict[str, tuple[str, ...]] = {
    "wilayah": ("kode_wilayah", "nama", "jenis", "nama_pendek", "nama_en"),
    "alias": ("dimensi", "alias", "nilai"),
    "skema": ("skema", "nama_lengkap", "keterangan_id", "keterangan_en", "urutan"),
    "sektor": ("sektor", "keterangan_id", "keterangan_en", "urutan"),
    "jenis_kelamin": ("jenis_kelamin", "nama_en", "urutan"),
    "negara": ("kode", "nama_id", "nama_en"),
    "jabatan": ("jabatan", "nama_en", "keterangan_id"),
    "series": ("series", "nama_id", "nama_en", "keterangan_id", "keterangan_en", "is_sample",
               "urutan", "sumber_singkat"),
    "penduduk": ("kode_wilayah", "tahun", "penduduk", "sumber"),
    # internships abroad (pemagangan, schema v7)
    "penyelenggara": ("penyelenggara", "nama_en", "keterangan_id", "keterangan_en", "urutan"),
    "bidang": ("bidang", "nama_en", "urutan"),
    "status_magang": ("status", "nama_en", "keterangan_id", "keterangan_en", "urutan"),
    "pelindungan": ("pelindungan", "nama_en", "keterangan_id", "keterangan_en", "urutan"),
    "seri_magang": ("series", "nama_id", "nama_en", "keterangan_id", "keterangan_en", "is_sample",
                    "urutan", "sumber_singkat"),
    "alias_magang": ("dimensi", "alias", "nilai"),
}


def clear_reference(table: str) -> str:
    assert table in REFERENCE_TABLES
    return f"DELETE FROM {table}"


def insert_reference(table: str) -> str:
    """Insert the registered frame ``reference_rows`` (all-text columns) into ``table``."""
    columns = ", ".join(REFERENCE_TABLES[table])
    return f"INSERT INTO {table} ({columns}) SELECT {columns} FROM reference_rows"


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
#: v6: a monthly table covers January to its last month (it counted the months present).
MIGRATIONS[6] = ("DELETE FROM coverage", "INSERT INTO coverage " + coverage_of("active_fact"))

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


def totals_query(by: list[str], filters: list[str]) -> str:
    """Sum of ``jumlah`` over the chosen tables (registered frame ``picks``), grouped by ``by``.

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
        JOIN picks p
          ON f.tahun = p.tahun AND f.kode_wilayah = p.kode_wilayah
         AND f.breakdown = p.breakdown
        WHERE f.series = ? {where}
        {group}
    """

# ---------------------------------------------------------------------------------------------
# Performance indicators (kinerja): store/write.py, store/queries.py, pages/performance.py
# ---------------------------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------------------------
# Internships abroad (pemagangan): store/write.py, store/intern_queries.py, pages/internships.py
# ---------------------------------------------------------------------------------------------
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
MIGRATIONS[7] = SCHEMA_V7

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
        JOIN picks p
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

# ---------------------------------------------------------------------------------------------
# Open data export (loaders/open_data.py)
# ---------------------------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------------------------
# Public feedback (masukan): a SEPARATE DuckDB file (store/masukan.py, docs/feedback.md)
# ---------------------------------------------------------------------------------------------
# Not part of the placement store: that one is rebuilt from data/ and written copy-on-write,
# feedback must survive rebuilds. Own schema version, own meta table. Times are UTC.

MASUKAN_SCHEMA_VERSION = 2

MASUKAN_SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE masukan_meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
    "CREATE SEQUENCE masukan_id START 1",
    """CREATE TABLE masukan (
        id BIGINT PRIMARY KEY DEFAULT nextval('masukan_id'),
        diterima_pada TIMESTAMP NOT NULL,
        topik VARCHAR NOT NULL,
        nama VARCHAR,
        kontak VARCHAR,
        pesan VARCHAR NOT NULL,
        bahasa VARCHAR NOT NULL,
        halaman VARCHAR
    )""",
)
#: v2: ``status`` — ``diterima`` (received), or ``antre`` (queued: it arrived while the hourly
#: cap for all senders was reached, and waits to be read with the others of that surge).
MASUKAN_SCHEMA_V2: tuple[str, ...] = (
    "ALTER TABLE masukan ADD COLUMN status VARCHAR DEFAULT 'diterima'",
)
MASUKAN_MIGRATIONS: dict[int, tuple[str, ...]] = {1: MASUKAN_SCHEMA_V1, 2: MASUKAN_SCHEMA_V2}

MASUKAN_SCHEMA_EXISTS = """
    SELECT count(*) FROM information_schema.tables WHERE table_name = 'masukan_meta'
"""
MASUKAN_GET_META = "SELECT value FROM masukan_meta WHERE key = ?"
MASUKAN_SET_META = "INSERT OR REPLACE INTO masukan_meta (key, value) VALUES (?, ?)"

#: One submission; returns its id (the reference number shown to the sender).
MASUKAN_INSERT = """
    INSERT INTO masukan (diterima_pada, topik, nama, kontak, pesan, bahasa, halaman, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    RETURNING id
"""
#: Submissions received at or after ``?`` (NULL: all) with topic ``?`` (NULL: any), newest
#: first.
MASUKAN_LIST = """
    SELECT id, diterima_pada, topik, nama, kontak, pesan, bahasa, halaman, status
    FROM masukan
    WHERE diterima_pada >= coalesce(?, diterima_pada) AND topik = coalesce(?, topik)
    ORDER BY diterima_pada DESC, id DESC
"""
MASUKAN_COUNT = "SELECT count(*) FROM masukan"
#: Submissions received at or after ``?`` (all senders): the store-wide hourly cap.
MASUKAN_COUNT_SINCE = "SELECT count(*) FROM masukan WHERE diterima_pada >= ?"
#: The times of the submissions received at or after ``?``: when the cap frees a place.
MASUKAN_TIMES_SINCE = "SELECT diterima_pada FROM masukan WHERE diterima_pada >= ?"
#: Deletes the submissions received before ``?``; returns their ids.
MASUKAN_DELETE_OLDER_THAN = "DELETE FROM masukan WHERE diterima_pada < ? RETURNING id"


# ---------------------------------------------------------------------------------------------
# Limits of the public forms: a SEPARATE SQLite file (store/limits.py, domain/limits.py)
# ---------------------------------------------------------------------------------------------
# Events (a feedback submission, a wrong password) per pseudonymous subject (a keyed hash of a
# session token or an address), kept only as long as a rule looks back. Times are Unix seconds.

LIMITS_SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS batas_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS batas_peristiwa (
        id INTEGER PRIMARY KEY,
        tindakan TEXT NOT NULL,
        kunci TEXT NOT NULL,
        waktu REAL NOT NULL
    )""",
    """CREATE INDEX IF NOT EXISTS batas_peristiwa_kunci
        ON batas_peristiwa (tindakan, kunci, waktu)""",
)
LIMITS_GET_META = "SELECT value FROM batas_meta WHERE key = ?"
LIMITS_SET_META = "INSERT OR REPLACE INTO batas_meta (key, value) VALUES (?, ?)"
#: The times of one subject's events of one action since ``?``.
LIMITS_TIMES = "SELECT waktu FROM batas_peristiwa WHERE tindakan = ? AND kunci = ? AND waktu > ?"
LIMITS_ALL = "SELECT tindakan, kunci FROM batas_peristiwa ORDER BY id"
LIMITS_INSERT = "INSERT INTO batas_peristiwa (tindakan, kunci, waktu) VALUES (?, ?, ?)"
LIMITS_DELETE_IDS = "DELETE FROM batas_peristiwa WHERE id = ?"
LIMITS_DELETE_SUBJECT = "DELETE FROM batas_peristiwa WHERE tindakan = ? AND kunci = ?"
#: Forget an action's events older than ``?`` (no rule looks back that far).
LIMITS_FORGET = "DELETE FROM batas_peristiwa WHERE tindakan = ? AND waktu <= ?"
