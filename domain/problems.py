"""Problems found in an input file, and the error that carries them.

A problem always names the file, the line (1-based, as a spreadsheet or text editor shows it)
and the column, says what is wrong and how to fix it. Values of personal-data columns are never
quoted: callers pass ``value=None`` for those.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from domain.text import has_control, one_line

#: Control characters (and bidirectional overrides) never reach a terminal, a page or the store
#: through a problem: a file name or a cell may hold ESC, NUL, newlines….
#: Longest message or hint kept (a quoted value is already cut; this is the safety net).
MAX_TEXT = 1_000


def _plain(text: str, limit: int = MAX_TEXT) -> str:
    if has_control(text):
        text = one_line(text)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    hint: str = ""
    line: int | None = None
    column: str | None = None
    severity: str = "error"  # "error" refuses the file; "warning" is reported only

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", _plain(self.file, 255).strip() or "(tanpa nama)")
        object.__setattr__(self, "message", _plain(self.message))
        object.__setattr__(self, "hint", _plain(self.hint))
        if self.column is not None:
            object.__setattr__(self, "column", _plain(self.column, 120))

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", baris {self.line}"
        if self.column:
            where += f", kolom '{self.column}'"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class ProblemList:
    """Collects problems while a file is read; many are reported at once."""

    file: str
    items: list[Problem] = field(default_factory=list)
    limit_per_kind: int = 20
    _counts: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        message: str,
        hint: str = "",
        line: int | None = None,
        column: str | None = None,
        severity: str = "error",
        kind: str | None = None,
    ) -> None:
        """Record a problem; after ``limit_per_kind`` of one kind, only count them."""
        key = kind or message
        self._counts[key] = self._counts.get(key, 0) + 1
        if self._counts[key] == self.limit_per_kind + 1:
            self.items.append(
                Problem(self.file, f"lebih banyak masalah serupa: {message}", hint, None, column,
                        severity)
            )
        if self._counts[key] > self.limit_per_kind:
            return
        self.items.append(Problem(self.file, message, hint, line, column, severity))

    def error(self, message: str, hint: str = "", line: int | None = None,
              column: str | None = None, kind: str | None = None) -> None:
        self.add(message, hint, line, column, "error", kind)

    def warn(self, message: str, hint: str = "", line: int | None = None,
             column: str | None = None, kind: str | None = None) -> None:
        self.add(message, hint, line, column, "warning", kind)

    def full(self, kind: str) -> bool:
        """Whether problems of ``kind`` are only counted from now on (a caller reporting many
        rows may stop early)."""
        return self._counts.get(kind, 0) > self.limit_per_kind

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise LoadError(self.items)


class LoadError(Exception):
    """Raised when a file is refused. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__("\n".join(p.format() for p in errors) or "file refused")
