"""One error type for every mistake a user can make, caught once by the CLI and the plugin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One finding with its place in a file, rendered as ``file:line:col: path: message``."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class PlaybookError(Exception):
    """A user error: the message is complete and is shown without a traceback."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> PlaybookError:
        """Build one error whose text lists each problem on its own line."""
        return cls("\n".join(str(p) for p in problems), tuple(problems))
