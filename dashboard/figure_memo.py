"""Figures built once and shared: the same chart of the same figures is the same figure.

Building a plotly figure validates every property it sets, and a page then copies the figure
once more to draw it without its frame (``charts.page_figure``): under many viewers this was
the largest cost of a chart page's run after the garbage collection (docs/benchmarks.md,
"Many viewers at once"). Both depend only on their inputs, so

* :func:`memoized` wraps a chart builder (``charts.bar_chart`` …): a call with the same
  arguments — data frames compared by their content — returns the figure built the first
  time, in every session;
* :func:`page_figure` returns the page's copy of a figure, made once per figure content.

The figures are shared by every session and thread, so nothing may change a figure a builder
returned: copy it first (``go.Figure(fig)``, as ``presentation.projector`` does). Each cache
keeps the :data:`MAX_ENTRIES` figures used last. An argument this module cannot compare (a
frame that pandas cannot hash) builds the figure as if there were no cache.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

import pandas as pd
import plotly.graph_objects as go

#: Figures kept per cache (a chart page draws up to six; 256 are many views' worth).
MAX_ENTRIES = 256

P = ParamSpec("P")
T = TypeVar("T")


class _Unhashable(Exception):
    """An argument without a content key."""


class Lru:
    """A small thread-safe least-recently-used map."""

    def __init__(self, maxsize: int = MAX_ENTRIES) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


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


def memoized(builder: Callable[P, T]) -> Callable[P, T]:
    """``builder`` with its figures kept per arguments (see the module docstring)."""
    cache = Lru()
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
            cache.put(key, found)
        return found  # type: ignore[return-value]

    return build


_pages = Lru()
_pages_by_identity = Lru()
_caches += [_pages, _pages_by_identity]


def page_figure(fig: go.Figure, make: Callable[[go.Figure], go.Figure]) -> go.Figure:
    """``make(fig)`` (the page's copy of ``fig``), made once per content of ``fig``; a figure
    met before (a memoized builder's) is known by its identity, without reading it again."""
    seen = _pages_by_identity.get(id(fig))
    if seen is not None:
        source, page = seen  # type: ignore[misc]
        if source() is fig:
            return page  # type: ignore[no-any-return]
    key = hashlib.blake2b(fig.to_json().encode(), digest_size=16).digest()
    found = _pages.get(key)
    if found is None:
        found = make(fig)
        _pages.put(key, found)
    _pages_by_identity.put(id(fig), (weakref.ref(fig), found))
    return found  # type: ignore[return-value]


def clear() -> None:
    """Forget every kept figure (tests; a new chart style)."""
    for cache in _caches:
        cache.clear()
