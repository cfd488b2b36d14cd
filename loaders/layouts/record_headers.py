"""The words of a record-level export's header (loaders/layouts/records.py, and the intern
records of intern_records.py): which header names which kept column (regency, scheme, sector,
sex, country, occupation, year, month, departure date), which names personal data that is
never read, and which columns are neither and are passed over.

Headers are compared as keys (``base.header_key``: lower case, words joined by ``_``), so
``KAB/KOTA ASAL`` is ``kab_kota_asal``.
"""

from __future__ import annotations

import re

from loaders.layouts.rekap_header import REGION_EXTRA_WORDS

DATE = "tanggal"

#: A regency column: its header is one of these, around which REGION_EXTRA_WORDS may stand
#: (``NAMA KAB/KOTA ASAL PMI``); with ``KODE``/``KD`` first it holds codes. A regency column
#: without a code column goes to ``kode_wilayah`` too, so that a column mixing codes (``3604``)
#: and names (``KAB. SERANG``) is read either way.
REGION_HEADERS = frozenset({"kab_kota", "kabupaten_kota", "kabupaten", "kab", "kota",
                            "kota_kabupaten", "kota_kab", "kabkota", "kab_kot", "wilayah",
                            "daerah", "kabupaten_kotamadya", "kab_kodya", "bps"})
CODE_WORDS = frozenset({"kode", "kd"})
#: Header keys (after ``base.header_key``) of the other kept columns, by canonical role.
ROLE_HEADERS: dict[str, frozenset[str]] = {
    "skema": frozenset({"skema", "skema_penempatan", "jenis_skema", "skema_pmi"}),
    "sektor": frozenset({"sektor", "sektor_penempatan", "sektor_pekerjaan", "sektor_kerja",
                         "formal_informal"}),
    "jenis_kelamin": frozenset({"jenis_kelamin", "jk", "l_p", "lp", "kelamin", "jns_kelamin",
                                "jenis_kel", "gender", "sex"}),
    "negara_tujuan": frozenset({"negara_tujuan", "negara_penempatan", "negara",
                                "negara_tujuan_penempatan", "tujuan_negara", "negara_tujuan_pmi",
                                "country"}),
    "jabatan": frozenset({"jabatan", "pekerjaan", "jenis_pekerjaan", "jabatan_pekerjaan",
                          "jabatan_pmi", "jabatan_kerja", "posisi", "occupation", "position"}),
    "tahun": frozenset({"tahun", "tahun_berangkat", "tahun_keberangkatan", "tahun_penempatan"}),
    "bulan": frozenset({"bulan", "bulan_berangkat", "bulan_keberangkatan", "bulan_penempatan"}),
}
#: The departure date: ``TANGGAL BERANGKAT``, ``TGL KEBERANGKATAN``, ``TANGGAL PENEMPATAN`` …
DATE_HEADER = re.compile(
    r"(tanggal|tgl|tg)_?(berangkat|keberangkatan|pemberangkatan|penempatan|brkt|brgkt|terbang)"
    r"(_pmi)?|departure_date|date_of_departure")
#: Columns that are not personal data and not needed: read by nobody, without a warning.
IGNORED_HEADERS = frozenset({
    "no", "nomor", "no_urut", "nomor_urut", "urut", "nmr", "id", "p3mi", "nama_p3mi",
    "perusahaan", "nama_perusahaan", "perusahaan_penempatan", "pptkis", "nama_pptkis",
    "mitra_usaha", "nama_mitra_usaha", "mitra", "agency", "nama_agency", "agensi",
    "keterangan", "ket", "catatan", "status", "provinsi", "nama_provinsi", "kode_provinsi",
})
#: Header patterns of personal data, searched in ``_<header key>_``. These columns are never
#: read. The label says what the column holds (in the report and the documentation); the
#: flag says whether it identifies a person (used to recognise the layout).
PERSONAL_HEADERS: tuple[tuple[str, str, bool], ...] = (
    (r"_(nik|no_nik|nomor_nik|ktp|no_ktp|nomor_ktp|e_ktp|ektp|nomor_induk_kependudukan|kk"
     r"|no_kk|nomor_kk|kartu_keluarga)_", "NIK / KTP / KK", True),
    (r"^_(nama|name|full_name)_", "nama orang", True),
    (r"_(paspor|pasport|passport|no_paspor|nomor_paspor)_", "nomor paspor", True),
    (r"_(hp|no_hp|telp|tlp|telepon|telpon|phone|handphone|ponsel|wa|whatsapp|kontak)_",
     "nomor telepon", False),
    (r"_(alamat|address|jalan|jl|rt|rw|dusun|kampung|desa|kelurahan|kel|kecamatan|kec"
     r"|kode_pos)_", "alamat", False),
    (r"_(lahir|ttl|birth|umur|usia|age)_", "tempat / tanggal lahir, umur", False),
    (r"_(email|e_mail|surel|mail)_", "e-mail", False),
    (r"_(ibu|ibu_kandung|ayah|bapak|suami|istri|ahli_waris|waris|keluarga|orang_tua|ortu"
     r"|wali|saudara)_", "keluarga", False),
    (r"_(visa|ektkln|e_ktkln|kpa|npwp|bpjs|rekening|sidik_jari|foto|tanda_tangan|id_pmi"
     r"|registrasi|pengguna|majikan|pemberi_kerja|employer)_",
     "nomor dokumen lain, pemberi kerja perseorangan", False),
)
_PERSONAL = tuple((re.compile(pattern), label, identifies)
                  for pattern, label, identifies in PERSONAL_HEADERS)

#: What a kept column may hold, for the hint of a refused value.
ROLE_TEXT: dict[str, str] = {
    "kode_wilayah": "kode atau nama kabupaten/kota", "nama_wilayah": "nama kabupaten/kota",
    "skema": "skema penempatan", "sektor": "sektor", "jenis_kelamin": "jenis kelamin",
    "negara_tujuan": "negara tujuan", "jabatan": "jabatan", "tahun": "tahun",
    "bulan": "bulan", DATE: "tanggal berangkat",
}

def personal_kind(key: str) -> tuple[str, bool] | None:
    """What personal data a header key names and whether it identifies a person
    (``'nik'`` -> ``('NIK / KTP / KK', True)``), or None."""
    wrapped = f"_{key}_"
    for pattern, label, identifies in _PERSONAL:
        if pattern.search(wrapped):
            return label, identifies
    return None


def region_role(key: str) -> str | None:
    """``kode_wilayah`` or ``nama_wilayah`` for a regency header key, else None."""
    words = key.split("_")
    code = words[0] in CODE_WORDS
    core = "_".join(w for w in words[1 if code else 0:] if w not in REGION_EXTRA_WORDS)
    if core not in REGION_HEADERS or (core == "bps" and not code):
        return None
    return "kode_wilayah" if code else "nama_wilayah"


def role_of(key: str) -> str | None:
    """The kept role of a header key, or None."""
    if DATE_HEADER.fullmatch(key):
        return DATE
    for role, keys in ROLE_HEADERS.items():
        if key in keys:
            return role
    return region_role(key)
