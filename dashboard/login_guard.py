"""The Kelola sign-in's guard against password guessing, kept in the limits store
(store/limits.py) rather than in the browser session, so that a reload, a new session or a
restart of the server does not reset it: wrong passwords are counted per session and per
client address (``domain.auth.login_limits``). ``message`` says what a refused try means.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import client
from dashboard.i18n import number, t
from domain import auth
from domain.config import web_settings
from domain.limits import SESSION, Limit
from store import limits as limits_store


@dataclass
class StoredGuard:
    """``auth.AttemptGuard`` over the limits store: one event per wrong password."""

    file: Path
    limits: tuple[Limit, ...]
    clock: Callable[[], float] = time.time
    #: The events ``begin`` recorded for the try under way.
    taken: tuple[int, ...] = field(default=())

    def seconds_left(self) -> float:
        try:
            return max([0.0, *limits_store.waits(self.file, self.limits, self.clock())])
        except limits_store.LimitStoreError as error:
            raise auth.GuardUnavailable(str(error)) from error

    def begin(self) -> bool:
        try:
            taken = limits_store.take(self.file, self.limits, self.clock())
        except limits_store.LimitStoreError as error:
            raise auth.GuardUnavailable(str(error)) from error
        self.taken = taken.ids
        return taken.ok

    def succeeded(self) -> None:
        """A right password is not counted, and forgets this session's wrong ones (not the
        address's: someone else on the same network may be guessing)."""
        try:
            limits_store.give_back(self.file, self.taken)
            self.taken = ()
            for limit in self.limits:
                if limit.scope == SESSION:
                    limits_store.clear(self.file, limit)
        except limits_store.LimitStoreError as error:
            raise auth.GuardUnavailable(str(error)) from error


def current() -> StoredGuard:
    """The guard of this browser session and client address."""
    return StoredGuard(web_settings().limits_db,
                       auth.login_limits(client.session_token(), client.address()))


def message(result: str, guard: StoredGuard, lang: str) -> str:
    """What to tell a maintainer whose try was not ``auth.OK``."""
    if result == auth.UNAVAILABLE:
        return t("kelola.limits_error", lang, file=guard.file.name)
    if result == auth.WRONG:
        return t("kelola.wrong_password", lang)
    try:
        left = guard.seconds_left()
    except auth.GuardUnavailable:
        left = auth.LOCKOUT_SECONDS
    return t("kelola.locked", lang, minutes=number(max(1, math.ceil(left / 60)), lang))
