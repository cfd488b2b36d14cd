"""The placement store's schema: tables, views, migrations, the meta table and the reference
tables (the intern tables of version 7 are in ``interns``)."""

from __future__ import annotations

from store.sql.interns import SCHEMA_V7
from store.sql.placements import coverage_of

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

#: v6: a monthly table covers January to its last month (it counted the months present).
SCHEMA_V6: tuple[str, ...] = ("DELETE FROM coverage",
                              "INSERT INTO coverage " + coverage_of("active_fact"))

#: Migrations from version N-1 to N, applied in order to older stores (v7: the intern tables).
MIGRATIONS: dict[int, tuple[str, ...]] = {1: SCHEMA_V1, 2: SCHEMA_V2, 3: SCHEMA_V3,
                                          4: SCHEMA_V4, 5: SCHEMA_V5, 6: SCHEMA_V6,
                                          7: SCHEMA_V7}

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
