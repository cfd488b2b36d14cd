"""Input layouts the loaders recognise. Adding one = one module here with ``name``,
``description``, ``detect(src)`` and ``read(src, options, problems)``, listed in LAYOUTS.

``kinerja`` (performance indicators) is read like the others but checked and stored apart from
the placement figures (loaders/pipeline.py routes it). Layouts with ``kind = "magang"``
(internships abroad) are checked with the intern vocabularies and stored in their own tables
(loaders/intern_pipeline.py)."""

from __future__ import annotations

from loaders.layouts import (
    canonical,
    intern_canonical,
    intern_records,
    intern_rekap,
    kinerja,
    portal,
    records,
    rekap,
)
from loaders.layouts.base import Layout

LAYOUTS: tuple[Layout, ...] = (canonical, portal, rekap, records,  # type: ignore[assignment]
                                kinerja, intern_canonical, intern_records, intern_rekap)


def detect(src: object) -> Layout | None:
    """The layout most confident it can read ``src``, or None."""
    scored = [(layout.detect(src), i, layout) for i, layout in enumerate(LAYOUTS)]  # type: ignore[arg-type]
    score, _, layout = max(scored, key=lambda item: (item[0], -item[1]))
    return layout if score > 0 else None
