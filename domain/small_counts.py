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
    small = (frame["jumlah"] > 0) & (frame["jumlah"] < threshold)
    if len(by) >= 1 and small.any():
        groups = [d for d in by[:-1]]
        keyed = frame.assign(_small=small, _order=range(len(frame)))
        grouped = keyed.groupby(groups, dropna=False) if groups else [((), keyed)]
        for _, group in grouped:
            if int(group["_small"].sum()) != 1:
                continue
            others = group[~group["_small"] & (group["jumlah"] > 0)]
            if not others.empty:
                small.iloc[int(others.sort_values("jumlah")["_order"].iloc[0])] = True
    out = frame.assign(jumlah=frame["jumlah"].astype("Int64"), ditekan=small)
    out.loc[small, "jumlah"] = pd.NA
    return out
