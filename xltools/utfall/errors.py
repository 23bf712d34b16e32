"""The error a ledger file raises: every problem found, each with its line, in Swedish (a leaf).

Readers collect problems while they read and raise one `LedgerFileError` at the end, so a user
sees all of them at once and gets nothing half-read. The caller decides whether that is a fel or
a varning (`findings`).
"""

from __future__ import annotations

from dataclasses import dataclass

from xltools.errors import XltoolsError
from xltools.findings import Finding, Loc, Severity

MAX_PROBLEMS = 50  # a reader stops collecting here; the message says more may follow


@dataclass(frozen=True, slots=True)
class LineProblem:
    """One problem: the line it is on (0 when it concerns the whole file) and a Swedish sentence."""

    line: int
    message: str

    def text(self, file: str) -> str:
        return f"{file}, rad {self.line}: {self.message}" if self.line else f"{file}: {self.message}"


class LedgerFileError(XltoolsError):
    """A ledger file (SIE or CSV) that cannot be used; `problems` holds every problem found."""

    def __init__(self, file: str, problems: list[LineProblem] | tuple[LineProblem, ...], truncated: bool = False):
        self.file = file
        self.problems = tuple(problems)
        self.truncated = truncated
        lines = [p.text(file) for p in self.problems]
        if truncated:
            lines.append(f"{file}: läsningen avbröts efter {len(self.problems)} fel; det kan finnas fler.")
        super().__init__("\n".join(lines))

    def findings(self, rule: str, severity: Severity) -> list[Finding]:
        """The problems as findings of `rule` with the caller's severity (the line is in the message)."""
        out = [Finding(rule, severity, p.text(self.file), Loc(self.file)) for p in self.problems]
        if self.truncated:
            out.append(Finding(rule, severity, f"{self.file}: läsningen avbröts efter {len(self.problems)} fel; "
                                               "det kan finnas fler.", Loc(self.file)))
        return out


class ProblemList:
    """Collects problems up to MAX_PROBLEMS; `raise_if_any` ends a read that found any."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[LineProblem] = []
        self.notes: list[LineProblem] = []  # what the reader read past (a varning for the caller)
        self.truncated = False

    def add(self, line: int, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(LineProblem(line, message))
        else:
            self.truncated = True

    def note(self, line: int, message: str) -> None:
        """Something the reader read past without losing a number (kept for the caller to show)."""
        if len(self.notes) < MAX_PROBLEMS:
            self.notes.append(LineProblem(line, message))

    @property
    def full(self) -> bool:
        return self.truncated

    def __bool__(self) -> bool:
        return bool(self.items)

    def fail(self, line: int, message: str) -> LedgerFileError:
        """The error for a problem that ends the read at once (with the ones found before it)."""
        self.add(line, message)
        return LedgerFileError(self.file, self.items, self.truncated)

    def raise_if_any(self) -> None:
        if self.items:
            raise LedgerFileError(self.file, self.items, self.truncated)
