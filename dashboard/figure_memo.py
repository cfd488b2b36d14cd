"""Figures built once and shared: the same chart of the same figures is the same figure.

Building a plotly figure validates every property it sets, and a page then copies the figure
once more to draw it without its frame (``chart_spec.page_dict``): under many viewers this was
the largest cost of a chart page's run after the garbage collection (docs/benchmarks.md,
"Many viewers at once"). Both depend only on their inputs, so

* :func:`memoized` wraps a chart builder (``charts.bar_chart`` …): a call with the same
  arguments — data frames compared by their content — returns the figure built the first
  time, in every session;
* :func:`page_figure` returns the page's copy of a memoized figure, made once.

The figures are shared by every session and thread, so nothing may change a figure a builder
returned: copy it first (``go.Figure(fig)``, as ``presentation.projector`` does). Each cache
keeps the :data:`MAX_ENTRIES` figures used last. An argument this module cannot compare (a
frame that pandas cannot hash) builds the figure as if there were no cache.
"""

from __future__ import annotations

import functools
import hashlib
import weakref
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

import pandas as pd
import plotly.graph_objects as go

from dashboard.shared_cache import Lru

#: Figures kept per cache (a chart page draws up to six; 256 are many views' worth).
MAX_ENTRIES = 256

P = ParamSpec("P")
T = TypeVar("T")


class _Unhashable(Exception):
    """An argument without a content key."""


class Keyed:
    """An argument compared by a key that identifies it, not by its content: large data such
    as the regency boundaries, known by their file's identity (``data.boundaries_key``)."""

    __slots__ = ("key", "value")

    def __init__(self, key: str, value: object) -> None:
        self.key = key
        self.value = value

    def __repr__(self) -> str:
        return f"Keyed({self.key!r})"


def content_key(value: object) -> Hashable:
    """A key equal for equal contents: a frame or series by its columns, types, index and
    values; anything else by its ``repr`` (the builders take dataclasses, dicts, tuples,
    strings and numbers, whose reprs are exact)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        try:
            hashed = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        except (TypeError, ValueError) as error:
            raise _Unhashable from error
        columns = value.columns if isinstance(value, pd.DataFrame) else [value.name]
        types = value.dtypes if isinstance(value, pd.DataFrame) else [value.dtype]
        return (type(value).__name__, tuple(map(repr, columns)), tuple(map(str, types)),
                value.shape, hashlib.blake2b(hashed, digest_size=16).digest())
    return repr(value)


_caches: list[Lru] = []
#: The memoized figures by identity: a weak reference to the figure and its page copy (made
#: when first drawn). An entry lives as long as its figure stays in its builder's cache.
_shared: dict[int, list[object]] = {}


def _forget(fig: object) -> None:
    _shared.pop(id(fig), None)


def memoized(builder: Callable[P, T]) -> Callable[P, T]:
    """``builder`` with its figures kept per arguments (see the module docstring)."""
    cache = Lru(MAX_ENTRIES, on_evict=_forget)
    _caches.append(cache)

    @functools.wraps(builder)
    def build(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            key = (tuple(content_key(a) for a in args),
                   tuple(sorted((k, content_key(v)) for k, v in kwargs.items())))
        except _Unhashable:
            return builder(*args, **kwargs)
        found = cache.get(key)
        if found is None:
            found = builder(*args, **kwargs)
            if found is None:  # no figure (nothing to draw): asked again next time
                return found  # type: ignore[return-value]
            _shared[id(found)] = [weakref.ref(found), None]
            cache.put(key, found)
        return found  # type: ignore[return-value]

    return build


class DrawnFigure(go.Figure):
    """The page's copy of a shared figure as ``st.plotly_chart`` reads it on every run: its
    plain form (``to_dict``) made once. Streamlit asks a figure for ``to_dict()`` — a deep copy
    of every trace, 13 ms for the boundary map — and serialises that; here every run gets the
    same dict, which Streamlit only reads. Nothing else is kept in the object (it is an empty
    figure besides its dict: draw it, never edit or read its traces)."""

    def __init__(self, plain: dict[str, object]) -> None:
        super().__init__()
        self._plain = plain

    def to_dict(self) -> dict[str, object]:  # type: ignore[override]
        return self._plain


def page_figure(fig: go.Figure,
                make: Callable[[go.Figure], dict[str, object]]) -> DrawnFigure:
    """The page's copy of ``fig`` (``make(fig)``, its plain form, as a :class:`DrawnFigure`):
    made once for a memoized figure, every time for any other."""
    entry = _shared.get(id(fig))
    if entry is None or entry[0]() is not fig:  # type: ignore[operator]
        return DrawnFigure(make(fig))
    if entry[1] is None:  # two sessions may both make it: the same figure, either kept
        entry[1] = DrawnFigure(make(fig))
    return entry[1]  # type: ignore[return-value]


def clear() -> None:
    """Forget every kept figure (tests; a new chart style)."""
    for cache in _caches:
        cache.clear()
