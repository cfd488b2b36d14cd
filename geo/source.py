"""The pinned boundary source: where it is, what its bytes hash to, and how to credit it.

geoBoundaries gbOpen, Indonesia ADM2 (kabupaten/kota), boundaryID ``IDN-ADM2-22746128``:
BPS-Statistics Indonesia, WFP and OCHA ROAP (OCHA COD-AB Indonesia), CC BY 3.0 IGO, republished
by geoBoundaries (www.geoboundaries.org). The file is the ``_simplified`` TopoJSON at one commit
of ``wmgeolab/geoBoundaries``; the commit stores it with Git LFS, so it is downloaded from
GitHub's raw-media address, and its SHA-256 is checked before anything reads it.
"""

from __future__ import annotations

from typing import Final

REPOSITORY: Final = "wmgeolab/geoBoundaries"
COMMIT: Final = "41af8f1e141eb6826ab9877e306df6f848b9ff0b"
PATH: Final = "releaseData/gbOpen/IDN/ADM2/geoBoundaries-IDN-ADM2_simplified.topojson"
URL: Final = f"https://media.githubusercontent.com/media/{REPOSITORY}/{COMMIT}/{PATH}"
SHA256: Final = "6f009e26a99cdc298e5524cdee826c7a6dff0087d2abd355b1a403e2712c7090"
SIZE: Final = 1_997_389  # bytes of the pinned file
MAX_DOWNLOAD_BYTES: Final = 50 * 1024 * 1024  # refuse anything far larger than the pinned file

BOUNDARY_ID: Final = "IDN-ADM2-22746128"
DATASET: Final = "geoBoundaries gbOpen, Indonesia ADM2 (regency, city), simplified TopoJSON"
BOUNDARY_YEAR: Final = "2020"
PUBLISHER: Final = "BPS-Statistics Indonesia, World Food Programme, OCHA ROAP (COD-AB Indonesia)"
LICENCE: Final = "CC BY 3.0 IGO"
LICENCE_URL: Final = "https://creativecommons.org/licenses/by/3.0/igo/"
GEOBOUNDARIES_URL: Final = "https://www.geoboundaries.org"
CITATION: Final = (
    "Runfola D. et al. (2020) geoBoundaries: A global database of political administrative "
    "boundaries. PLoS ONE 15(4): e0231866. https://doi.org/10.1371/journal.pone.0231866"
)

#: The line shown on the map and in its exports. geoBoundaries asks for its name with a link
#: (www.geoboundaries.org) and for the original sources; CC BY asks that changes be stated.
ATTRIBUTION: Final = (
    "Batas wilayah: geoBoundaries (Runfola et al. 2020, www.geoboundaries.org), IDN ADM2, "
    "BPS-Statistics Indonesia/WFP/OCHA ROAP, CC BY 3.0 IGO; subset Banten, diolah"
)
#: The same in English (``attribution_en`` of the sidecar).
ATTRIBUTION_EN: Final = (
    "Boundaries: geoBoundaries (Runfola et al. 2020, www.geoboundaries.org), IDN ADM2, "
    "BPS-Statistics Indonesia/WFP/OCHA ROAP, CC BY 3.0 IGO; Banten subset, processed"
)
