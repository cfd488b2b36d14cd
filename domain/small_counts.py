"""Small counts (docs/data-model.md): a count from 1 to the threshold - 1 could point to a
person, so it is shown as "<threshold", and its group is protected from being worked out by
subtraction. Used by the dashboard's queries (store/queries.py) and the open-data tables."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def suppress(frame: pd.DataFrame, threshold: int, by: Sequence[str] = ()) -> pd.DataFrame:
    """Counts from 1 to ``threshold - 1`` become NA with ``ditekan`` (suppressed) = True.

    Zero is kept (it reveals no one). So that a suppressed cell cannot be worked out by
    subtracting the other cells of its group from a total shown elsewhere, a group (cells
    sharing every ``by`` dimension but the last) with exactly one suppressed cell also has its
    next smallest non-zero cell suppressed.
    """
    counts = [None if pd.isna(c) else c for c in frame["jumlah"].tolist()]
    small = [c is not None and 0 < c < threshold for c in counts]
    if len(by) >= 1 and any(small):
        # the groups in plain Python (pandas' group-by cost 3 ms a query); a missing value is
        # a group of its own, as in a group-by that keeps them
        columns = [[None if pd.isna(v) else v for v in frame[d].tolist()] for d in by[:-1]]
        groups: dict[tuple[object, ...], list[int]] = {}
        for row, key in enumerate(zip(*columns, strict=True) if columns
                                  else [()] * len(counts)):
            groups.setdefault(key, []).append(row)
        for rows in groups.values():
            if sum(small[r] for r in rows) != 1:
                continue
            others = [r for r in rows if not small[r] and counts[r] is not None and counts[r] > 0]
            if others:  # the smallest, the first of equals
                small[min(others, key=lambda r: (counts[r], r))] = True
    shown = pd.array([None if hidden else c for c, hidden in zip(counts, small, strict=True)],
                     dtype="Int64")
    return frame.assign(jumlah=shown, ditekan=small)
