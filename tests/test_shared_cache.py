"""Results shared by every session (dashboard/shared_cache.py): computed once per arguments,
and no caller can change what another caller reads."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from dashboard import shared_cache
from domain.filters import Filters


def counted(result: object,
            max_entries: int = 4) -> tuple[Callable[..., object], list[tuple[object, ...]]]:
    """A shared function returning ``result`` (or what it makes), and the calls it got."""
    calls: list[tuple[object, ...]] = []

    @shared_cache.shared(max_entries)
    def function(*args: object) -> object:
        calls.append(args)
        return result() if callable(result) else result

    return function, calls


def test_a_result_is_computed_once_per_arguments() -> None:
    function, calls = counted(lambda: pd.DataFrame({"jumlah": [1, 2]}))
    function("a", Filters(tahun_awal=2024))
    function("a", Filters(tahun_awal=2024))
    function("a", Filters(tahun_awal=2023))
    assert calls == [("a", Filters(tahun_awal=2024)), ("a", Filters(tahun_awal=2023))]


def test_a_frame_changed_by_one_caller_is_unchanged_for_the_next() -> None:
    function, _ = counted(lambda: pd.DataFrame({"tahun": [2023, 2024], "jumlah": [5, 7]}))
    first = function("v1")
    first["jumlah"] = first["jumlah"] * 100  # replace a column
    first.loc[0, "tahun"] = 1999  # write into a shared column in place
    first["extra"] = 1
    second = function("v1")
    assert second.to_dict("list") == {"tahun": [2023, 2024], "jumlah": [5, 7]}
    assert second is not first


def test_containers_are_copied_to_every_depth_that_can_change() -> None:
    function, _ = counted(lambda: {"skema": {"P2P": "P to P"}, "list": ["a"]})
    first = function()
    first["skema"]["P2P"] = "changed"
    first["list"].append("b")
    first["new"] = {}
    assert function() == {"skema": {"P2P": "P to P"}, "list": ["a"]}


def test_none_and_immutable_results_are_kept_too() -> None:
    function, calls = counted(None)
    assert function("x") is None and function("x") is None
    assert len(calls) == 1
    stamp = datetime.datetime(2026, 12, 3, 10, 0)
    timed, timed_calls = counted(stamp)
    assert timed() == stamp and timed() == stamp and len(timed_calls) == 1


def test_exceptions_are_not_kept() -> None:
    attempts: list[int] = []

    @shared_cache.shared(4)
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("store busy")
        return 42

    with pytest.raises(RuntimeError):
        flaky()
    assert flaky() == 42 and flaky() == 42
    assert len(attempts) == 2


def test_a_mutable_object_that_cannot_be_copied_is_refused() -> None:
    @dataclass
    class Box:
        value: int

    function, _ = counted(Box(1))
    with pytest.raises(TypeError, match="Box cannot be shared"):
        function()


def test_the_least_recently_used_results_are_dropped() -> None:
    function, calls = counted(lambda: [1], max_entries=2)
    function(1)
    function(2)
    function(1)  # 1 used last: 2 is dropped by the next
    function(3)
    function(1)
    function(2)
    assert [c[0] for c in calls] == [1, 2, 3, 2]


def test_clear_forgets_every_result() -> None:
    function, calls = counted(lambda: [1])
    function()
    shared_cache.clear()
    function()
    assert len(calls) == 2


def test_the_dashboards_totals_are_shared_and_protected(shipped_store: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the real query path: a page that changed its frame would not change the next
    page's figures."""
    from dashboard import data

    monkeypatch.setenv("PMI_DB", str(shipped_store))
    version = data.version()
    args = (version, "contoh", ("tahun",), Filters(tahun_awal=2023, tahun_akhir=2024), 5)
    first = data.totals(*args)
    expected = first.copy(deep=True)
    first["jumlah"] = first["jumlah"] * 0
    first.loc[first.index[0], "lengkap"] = False
    again = data.totals(*args)
    pd.testing.assert_frame_equal(again, expected)
    assert len(again) == 2 and int(again["jumlah"].sum()) > 0
