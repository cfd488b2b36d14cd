"""Classed colour scale for the map: round class breaks, one ramp colour per class.

A classed (binned) map shows a few colours whose meaning the legend states ("200–399"), which
reads better than a continuous ramp for 8 units. Breaks are equal steps of a round size (1, 2,
2.5 or 5 × 10ⁿ) from a round start, at most :data:`MAX_CLASSES` classes. Each class holds its
lower bound and values below its upper bound; the last class also holds its upper bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

#: Single-hue sequential ramp for maps (light = low), from the project's style guide.
RAMP: Final = ("#F0F9E8", "#BAE4BC", "#7BCCC4", "#43A2CA", "#0868AC")
MAX_CLASSES: Final = len(RAMP)
_NICE_STEPS: Final = (1.0, 2.0, 2.5, 5.0)


@dataclass(frozen=True)
class Classes:
    edges: tuple[float, ...]  # len(colours) + 1 increasing edges

    @property
    def count(self) -> int:
        return max(len(self.edges) - 1, 0)

    @property
    def colours(self) -> tuple[str, ...]:
        return ramp_colours(self.count)

    def index(self, value: float | None) -> int | None:
        """The class of ``value`` (0 = lowest), or None when it is missing or outside."""
        if value is None or not math.isfinite(value) or not self.count:
            return None
        if value < self.edges[0] or value > self.edges[-1]:
            return None
        for position in range(self.count - 1):
            if value < self.edges[position + 1]:
                return position
        return self.count - 1

    def labels(self, fmt: Callable[[float], str], integers: bool = False) -> list[str]:
        """'0–199', '200–399', … for counts (``integers``), else '0–2,5', '2,5–5', …"""
        texts = []
        for position in range(self.count):
            low, high = self.edges[position], self.edges[position + 1]
            last = position == self.count - 1
            if integers and not last and float(high).is_integer():
                high -= 1
            texts.append(fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}")
        return texts


def ramp_colours(count: int) -> tuple[str, ...]:
    """``count`` colours spread over :data:`RAMP` (all five for five classes)."""
    if count <= 0:
        return ()
    if count == 1:
        return (RAMP[len(RAMP) // 2],)
    last = len(RAMP) - 1
    return tuple(RAMP[round(i * last / (count - 1))] for i in range(count))


def nice_classes(values: Iterable[float | None], classes: int = MAX_CLASSES) -> Classes:
    """Round equal-step classes covering the finite ``values`` (none when there are none)."""
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not finite:
        return Classes(())
    low, high = min(finite), max(finite)
    if low == high:
        return Classes((low, high))
    wanted = max(1, min(classes, MAX_CLASSES))
    if wanted == 1:
        return Classes((low, high))
    magnitude = 10.0 ** math.floor(math.log10((high - low) / wanted))
    candidates = [m * magnitude * 10.0**k for k in range(4) for m in _NICE_STEPS]
    for step in candidates:
        start = math.floor(low / step) * step
        count = max(1, math.ceil((high - start) / step - 1e-9))
        if count <= wanted:
            break
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return Classes(tuple(round(start + i * step, digits) for i in range(count + 1)))


def given_classes(edges: Sequence[float]) -> Classes:
    """Classes from explicit edges (at least 2, increasing, at most MAX_CLASSES classes)."""
    values = tuple(float(edge) for edge in edges)
    if len(values) < 2 or len(values) - 1 > MAX_CLASSES:
        raise ValueError(f"batas kelas: 2 sampai {MAX_CLASSES + 1} nilai, diberi {len(values)}")
    if any(b <= a for a, b in pairwise(values)):
        raise ValueError(f"batas kelas harus naik: {values}")
    return Classes(values)
