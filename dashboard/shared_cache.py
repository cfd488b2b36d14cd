"""Results kept in the server's memory and shared by every session.

``st.cache_data`` pickles a result when it stores it and unpickles a new copy on every call,
after hashing the call's arguments with Streamlit's own hasher (which also reads the
function's signature each time). For the store's query results — a few kilobytes each, read
ten to twenty times in a page run — that bookkeeping cost more than the figures themselves
under many viewers (a tenth of a page run's CPU; docs/benchmarks.md, "Many viewers at once",
point 12). :func:`shared` keeps the results themselves, keyed by the arguments as they are
(strings, tuples, frozen dataclasses: every argument must be hashable), and hands each caller
its own cheap copy:

* a data frame or series as a new object over the same data (``copy(deep=False)``): pandas'
  copy-on-write then copies a column only if the caller changes it, so no caller can change
  what another reads;
* a list, a dict (and the dicts in it) or a set as a new container;
* anything else (numbers, strings, tuples, ``None``) as it is, being immutable.

A result that is none of these is refused at the first call (``TypeError``): a shared
mutable object would let one session change what another sees.
"""

from __future__ import annotations

import datetime
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
T = TypeVar("T")

_IMMUTABLE = (str, int, float, bool, bytes, tuple, frozenset, type(None), datetime.date,
              datetime.time)


class Lru:
    """A small thread-safe least-recently-used map."""

    def __init__(self, maxsize: int, on_evict: Callable[[object], None] | None = None) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._on_evict = on_evict

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
                _, dropped = self._items.popitem(last=False)
                if self._on_evict is not None:
                    self._on_evict(dropped)

    def clear(self) -> None:
        with self._lock:
            dropped = list(self._items.values())
            self._items.clear()
        if self._on_evict is not None:
            for value in dropped:
                self._on_evict(value)

    def __len__(self) -> int:
        return len(self._items)


def own_copy(value: T) -> T:
    """What a caller gets of a shared result (see the module docstring)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)  # type: ignore[return-value]
    if isinstance(value, list):
        return [own_copy(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: own_copy(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, set):
        return set(value)  # type: ignore[return-value]
    if isinstance(value, _IMMUTABLE) or _is_frozen_dataclass(value):
        return value
    raise TypeError(f"{type(value).__name__} cannot be shared between sessions safely")


def _is_frozen_dataclass(value: object) -> bool:
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(params is not None and params.frozen)


_caches: list[Lru] = []
#: Stands for a result of ``None`` in a cache (whose ``get`` answers None for "not there").
_NONE = object()


def shared(max_entries: int) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Keep the ``max_entries`` results used last of the decorated function, per arguments;
    every call gets its own copy (:func:`own_copy`). Exceptions are not kept."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        cache = Lru(max_entries)
        _caches.append(cache)

        @functools.wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
            found = cache.get(key)
            if found is not None:
                return None if found is _NONE else own_copy(found)  # type: ignore[return-value]
            result = function(*args, **kwargs)
            mine = own_copy(result)  # refuses what cannot be shared before it is kept
            cache.put(key, _NONE if result is None else result)
            return mine

        call.clear = cache.clear  # type: ignore[attr-defined]
        return call

    return decorate


def clear() -> None:
    """Forget every kept result (tests; benchmarks of a cold server)."""
    for cache in _caches:
        cache.clear()
