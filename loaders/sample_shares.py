"""The figures and shares the synthetic sample (loaders/sample.py) is drawn from: the years,
the yearly and regency totals (published ones moved upwards, the rest assumed), the months'
seasonality, and the shares of schemes, sectors, countries, occupations and women, with the
source of each as the generator's docstring describes (steps 1-5)."""

from __future__ import annotations

from domain.reference import PROVINCE_CODE

YEARS = tuple(range(2019, 2026))
PROVINCE = PROVINCE_CODE
BREAKDOWN = ("skema", "sektor", "jenis_kelamin", "negara_tujuan", "jabatan")

# Published figures are used moved upwards by a factor drawn from this range (never equal).
SHIFT = (1.04, 1.10)

# Step 1: yearly Banten totals. 2023 is published (and moved); 2024 is the sum of its moved
# regencies; the rest are assumptions.
PUBLISHED_YEAR_TOTALS = {2023: 3183}
ASSUMED_YEAR_TOTALS = {2019: 3000, 2020: 1000, 2021: 800, 2022: 2300, 2025: 3700}

# Step 2: regencies. Published 2024 values, the cities' 833, and Cilegon 2019–2022 (all moved).
KABUPATEN_2024 = {"3601": 794, "3602": 360, "3603": 669, "3604": 911}
CITIES_2024 = 833
CITY_POPULATION_2020 = {"3671": 1_895_486, "3672": 434_896, "3673": 692_101, "3674": 1_354_350}
CITY_DAMPING = 0.8
PUBLISHED_REGENCY_TOTALS = {(2019, "3672"): 75, (2020, "3672"): 14, (2021, "3672"): 14,
                            (2022, "3672"): 63}
SHARE_DRIFT = 0.10

# Step 3: months (January first).
MONTH_WEIGHTS = (0.85, 0.60, 0.90, 0.90, 0.85, 0.95, 1.05, 1.20, 1.25, 1.30, 1.10, 1.00)
MONTH_WEIGHTS_2020 = (1.00, 0.85, 0.60, 0.03, 0.03, 0.03, 0.05, 0.30, 0.40, 0.45, 0.50, 0.55)
MONTH_NOISE = 0.10

# Step 4: one person.
SCHEMES = {"P to P": 0.883, "Mandiri": 0.070, "G to G": 0.045, "G to P": 0.001, "UKPS": 0.001}
INFORMAL_SHARE_P_TO_P = {
    "3601": 0.75, "3602": 0.55, "3603": 0.45, "3604": 0.65,
    "3671": 0.55, "3672": 0.50, "3673": 0.60, "3674": 0.50,
}
INFORMAL_SHARE_MANDIRI = 0.30

COUNTRIES: dict[str, dict[str, float]] = {
    "Informal": {
        "HK": 0.385, "TW": 0.27, "MY": 0.10, "SA": 0.10, "SG": 0.07, "BN": 0.02, "AE": 0.02,
        "QA": 0.015, "KW": 0.01, "OM": 0.005,
    },
    "Formal": {
        "MY": 0.38, "TW": 0.32, "JP": 0.08, "IT": 0.04, "TR": 0.03, "PL": 0.03, "SG": 0.02,
        "BN": 0.02, "AE": 0.02, "QA": 0.01, "SA": 0.01, "KR": 0.01, "HK": 0.01, "US": 0.01,
        "DE": 0.005, "NZ": 0.005,
    },
    "G to G": {"KR": 0.967, "JP": 0.026, "DE": 0.007},
    "G to P": {"JP": 0.6, "DE": 0.4},
    "UKPS": {"MY": 0.3, "SG": 0.3, "JP": 0.2, "AE": 0.2},
}

PLRT = "Penata Laksana Rumah Tangga"
ABK_FISH = "Anak Buah Kapal Perikanan"
ABK_MERCHANT = "Anak Buah Kapal Niaga"
GULF = ("SA", "AE", "QA", "KW", "OM")

_INFORMAL_GULF = {PLRT: 0.75, "Pengemudi": 0.12, "Pengasuh": 0.08, "Juru Masak": 0.05}
_FORMAL_GULF = {
    "Pekerja Perhotelan": 0.30, "Pelayan Restoran": 0.20, "Pengemudi": 0.15, "Juru Masak": 0.10,
    "Pekerja Konstruksi": 0.10, "Pekerja Umum": 0.10, "Perawat": 0.05,
}

# Occupation by (sector or scheme, country); "*" is the fallback for other countries.
JOBS: dict[tuple[str, str], dict[str, float]] = {
    ("Informal", "HK"): {PLRT: 0.55, "Pengasuh": 0.45},
    ("Informal", "TW"): {"Pengasuh": 0.80, PLRT: 0.20},
    ("Informal", "SG"): {PLRT: 0.80, "Pengasuh": 0.20},
    ("Informal", "*"): {PLRT: 0.75, "Pengasuh": 0.20, "Juru Masak": 0.05},
    **{("Informal", c): _INFORMAL_GULF for c in GULF},
    ("Formal", "MY"): {
        "Pekerja Perkebunan": 0.45, "Pekerja Pabrik": 0.30, "Pekerja Konstruksi": 0.10,
        "Operator Mesin": 0.05, "Pekerja Perhotelan": 0.03, "Pelayan Restoran": 0.03,
        "Tukang Las": 0.02, "Pekerja Umum": 0.02,
    },
    ("Formal", "TW"): {
        "Pekerja Pabrik": 0.60, "Operator Mesin": 0.15, ABK_FISH: 0.12,
        "Pekerja Konstruksi": 0.05, "Tukang Las": 0.04, "Pekerja Umum": 0.04,
    },
    ("Formal", "JP"): {
        "Pekerja Pabrik": 0.30, "Perawat": 0.25, "Pekerja Pertanian": 0.10,
        "Pekerja Konstruksi": 0.10, "Tukang Las": 0.08, ABK_FISH: 0.05, "Juru Masak": 0.04,
        "Pekerja Perhotelan": 0.04, "Operator Mesin": 0.04,
    },
    ("Formal", "KR"): {"Pekerja Pabrik": 0.60, ABK_FISH: 0.30, "Pekerja Pertanian": 0.10},
    ("Formal", "IT"): {ABK_MERCHANT: 0.70, "Pekerja Perhotelan": 0.20, "Juru Masak": 0.10},
    ("Formal", "US"): {ABK_MERCHANT: 0.80, "Pekerja Perhotelan": 0.20},
    ("Formal", "TR"): {
        "Pekerja Perhotelan": 0.60, "Pelayan Restoran": 0.20, "Juru Masak": 0.10,
        "Pekerja Umum": 0.10,
    },
    ("Formal", "PL"): {
        "Pekerja Pabrik": 0.40, "Tukang Las": 0.20, "Pekerja Konstruksi": 0.20,
        "Pekerja Pertanian": 0.10, "Operator Mesin": 0.10,
    },
    ("Formal", "DE"): {"Perawat": 0.80, "Pekerja Perhotelan": 0.10, "Juru Masak": 0.10},
    ("Formal", "SG"): {
        "Pekerja Pabrik": 0.30, ABK_MERCHANT: 0.20, "Pekerja Konstruksi": 0.20, "Perawat": 0.10,
        "Pekerja Perhotelan": 0.10, "Operator Mesin": 0.10,
    },
    ("Formal", "HK"): {"Pekerja Perhotelan": 0.50, "Pelayan Restoran": 0.30, "Juru Masak": 0.20},
    ("Formal", "BN"): {
        "Pekerja Konstruksi": 0.30, "Pekerja Perkebunan": 0.20, "Pekerja Perhotelan": 0.20,
        "Pekerja Umum": 0.20, "Pengemudi": 0.10,
    },
    ("Formal", "NZ"): {"Pekerja Pertanian": 0.60, ABK_FISH: 0.40},
    **{("Formal", c): _FORMAL_GULF for c in GULF},
    ("G to G", "KR"): {
        "Pekerja Pabrik": 0.85, ABK_FISH: 0.10, "Pekerja Pertanian": 0.03,
        "Pekerja Konstruksi": 0.02,
    },
    ("G to G", "*"): {"Perawat": 1.0},
    ("G to P", "JP"): {"Perawat": 0.60, "Pekerja Pabrik": 0.40},
    ("G to P", "*"): {"Perawat": 1.0},
    ("UKPS", "*"): {"Operator Mesin": 0.40, "Pekerja Konstruksi": 0.30, "Tukang Las": 0.30},
}

WOMEN_SHARE = {
    PLRT: 0.95, "Pengasuh": 0.95, "Perawat": 0.80, "Pekerja Pabrik": 0.30,
    "Pekerja Perkebunan": 0.20, "Pekerja Konstruksi": 0.02, ABK_FISH: 0.01, ABK_MERCHANT: 0.10,
    "Pekerja Pertanian": 0.25, "Juru Masak": 0.50, "Pelayan Restoran": 0.60, "Pengemudi": 0.02,
    "Tukang Las": 0.01, "Pekerja Perhotelan": 0.50, "Operator Mesin": 0.15, "Pekerja Umum": 0.30,
}
WOMEN_SHARE_G_TO_G = 0.08  # G to G workers other than nurses (Korea EPS): mostly men
