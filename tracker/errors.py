"""Problems found in user input, and the error that carries them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is, what value, what is wrong, how to fix it."""

    file: str
    line: int | None
    message: str
    value: str = ""
    hint: str = ""
    column: str = ""
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        col = f" [{self.column}]" if self.column else ""
        value = f" {self.value!r}:" if self.value else ""
        hint = f" ({self.hint})" if self.hint else ""
        text = f"{col}{value} {self.message}{hint}".strip()
        return f"{where}: {text}" if where else text


class InputError(Exception):
    """User input that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(file="", line=None, message=problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
