"""What the open data holds (loaders/open_data.py): its title and licence, the columns of each
table with their Frictionless type, description and whether they are required, the primary
keys, and the enumerations (the intern tables' are in loaders/open_data_interns.py)."""

from __future__ import annotations

from domain import kinerja
from loaders import open_data_interns

FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet", "datapackage")
LICENCE_NAME = "CC-BY-4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "Penempatan Pekerja Migran Indonesia (PMI) asal Provinsi Banten"
#: One table of one regency x year: the group within which a lone suppressed cell takes its
#: smallest neighbour with it.
TABLE_CELL = ("seri", "batch_id", "rincian", "tahun", "kode_wilayah")
INTEGER_COLUMNS = ("batch_id", "rincian", "tahun", "bulan", "s_d_bulan", "jumlah", "rows_read",
                   "rows_stored", "rows_skipped", "tahun_awal", "tahun_akhir", "replaced_by",
                   "triwulan")

#: Columns of each exported table: (name, Frictionless type, description, required).
FIELDS: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    "penempatan": (
        ("seri", "string", "Seri data (lihat seri.csv); seri data contoh bukan data resmi", True),
        ("data_contoh", "boolean", "true bila baris ini data contoh (bukan data resmi)", True),
        ("batch_id", "integer", "Batch asal baris (lihat batch.csv)", True),
        ("rincian", "integer", "Topeng bit rincian tabel: bulan 1, skema 2, sektor 4, "
         "jenis_kelamin 8, negara_tujuan 16, jabatan 32; 0 = total", True),
        ("nama_rincian", "string", "Nama tabel menurut rinciannya, mis. 'total', "
         "'jenis_kelamin', 'sektor+jenis_kelamin'", True),
        ("tahun", "integer", "Tahun", True),
        ("bulan", "integer", "Bulan 1-12 untuk angka bulanan; kosong untuk angka tahunan", False),
        ("s_d_bulan", "integer", "Angka mencakup Januari sampai bulan ini", True),
        ("kode_wilayah", "string", "Kode BPS: 36 Provinsi Banten, 3601-3674 kabupaten/kota",
         True),
        ("nama_wilayah", "string", "Nama provinsi atau kabupaten/kota", False),
        ("skema", "string", "Skema penempatan; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("sektor", "string", "Sektor pekerjaan; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("jenis_kelamin", "string", "Jenis kelamin; kosong = tidak dirinci atau tidak diketahui",
         False),
        ("negara_tujuan", "string", "Negara tujuan, kode ISO 3166-1 alpha-2", False),
        ("nama_negara", "string", "Nama negara tujuan", False),
        ("jabatan", "string", "Jabatan (pekerjaan)", False),
        ("jumlah", "integer", "Jumlah orang; kosong bila ditekan (angka kecil)", False),
        ("ditekan", "boolean", "true bila jumlah disembunyikan karena angka kecil", True),
        ("sumber", "string", "Sitasi sumber baris", False),
    ),
    "batch": (
        ("batch_id", "integer", "Nomor batch (satu berkas, atau satu lembar XLSX)", True),
        ("jenis", "string", "Isi batch: penempatan (angka PMI), magang (peserta magang luar "
         "negeri, lihat pemagangan.csv) atau kinerja (indikator kinerja)", True),
        ("seri", "string", "Seri data ('kinerja' untuk batch indikator kinerja; seri "
         "pemagangan di seri_magang.csv)", True),
        ("status", "string", "active, replaced atau rolled_back", True),
        ("file_name", "string", "Nama berkas sumber", True),
        ("sheet", "string", "Lembar XLSX, bila ada", False),
        ("sha256", "string", "Hash SHA-256 berkas sumber", True),
        ("layout", "string", "Tata letak berkas (kanonik, portal, rekap, records)", True),
        ("source", "string", "Sitasi sumber", False),
        ("licence", "string", "Lisensi atau status hukum sumber", False),
        ("loaded_at", "datetime", "Waktu dimuat (UTC)", True),
        ("rows_read", "integer", "Baris dibaca", True),
        ("rows_stored", "integer", "Baris disimpan", True),
        ("rows_skipped", "integer", "Baris dilewati", True),
        ("tahun_awal", "integer", "Tahun pertama", False),
        ("tahun_akhir", "integer", "Tahun terakhir", False),
        ("replaced_by", "integer", "Batch pengganti, bila diganti", False),
        ("data_contoh", "boolean", "true bila batch ini data contoh (bukan data resmi)", True),
        ("provisional_from", "string", "Bulan (YYYY-MM) mulai angka sementara", False),
    ),
    "seri": (
        ("seri", "string", "Kode seri", True),
        ("nama_id", "string", "Nama seri", True),
        ("nama_en", "string", "Series name (English)", True),
        ("keterangan_id", "string", "Keterangan", True),
        ("keterangan_en", "string", "Description (English)", True),
        ("data_contoh", "boolean", "true bila seri ini data contoh (bukan data resmi)", True),
        ("sumber_singkat", "string", "Sitasi singkat", False),
    ),
    "cakupan": (
        ("seri", "string", "Kode seri", True),
        ("tahun", "integer", "Tahun", True),
        ("kode_wilayah_tercakup", "string",
         "Kode BPS kabupaten/kota yang angkanya tercakup dalam total tahun itu (dipisah koma; "
         "angka tingkat provinsi mencakup kedelapannya)", True),
        ("jumlah_wilayah", "integer", "Banyaknya kabupaten/kota yang tercakup (dari 8)", True),
        ("bulan_tercakup", "integer", "Bulan yang tercakup: Januari s.d. bulan ini (12 = setahun "
         "penuh)", True),
        ("lengkap", "boolean", "true bila total tahun itu mencakup seluruh Banten setahun penuh; "
         "total yang tidak lengkap bukan angka Seluruh Banten", True),
    ),
}
FIELDS["kinerja"] = (
    ("kode_indikator", "string", "Kode indikator kinerja", True),
    ("indikator", "string", "Nama indikator kinerja", True),
    ("satuan", "string", "Satuan target dan realisasi", True),
    ("arah", "string", "naik = semakin tinggi semakin baik; turun = semakin rendah semakin baik",
     True),
    ("tahun", "integer", "Tahun", True),
    ("triwulan", "integer", "Triwulan 1-4 (realisasi kumulatif s.d. akhir triwulan); kosong = "
     "setahun penuh", False),
    ("target", "number", "Target", True),
    ("realisasi", "number", "Realisasi; kosong = belum dilaporkan", False),
    ("capaian", "number", "Capaian (%) dihitung dasbor: naik = realisasi/target x 100; turun = "
     "(2 - realisasi/target) x 100, minimal 0; kosong bila target 0 atau belum ada realisasi",
     False),
    ("status", "string", "met (tercapai), nearly (hampir tercapai), not_met (belum tercapai) "
     "atau no_data (belum ada realisasi), menurut ambang di keterangan paket", True),
    ("unit_penanggung_jawab", "string", "Unit penanggung jawab", False),
    ("sumber", "string", "Sitasi sumber baris", False),
    ("catatan", "string", "Catatan", False),
    ("batch_id", "integer", "Batch asal baris (lihat batch.csv)", True),
    ("data_contoh", "boolean", "true bila baris ini data contoh (bukan data resmi)", True),
)
FIELDS.update(open_data_interns.FIELDS)  # pemagangan, seri_magang, cakupan_magang
PRIMARY_KEYS: dict[str, list[str]] = {"batch": ["batch_id"], "seri": ["seri"],
                                      "cakupan": ["seri", "tahun"],
                                      **open_data_interns.PRIMARY_KEYS}
ENUM_DIMENSIONS = ("skema", "sektor", "jenis_kelamin")
KINERJA_ENUMS: dict[str, tuple[str, ...]] = {"arah": kinerja.DIRECTIONS,
                                             "status": kinerja.STATUSES}
