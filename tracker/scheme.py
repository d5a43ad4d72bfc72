"""Status schemes: the vocabulary of statuses, their labels, colours and order, read from TOML."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import InputError

NO_DATA = 0  # the status code of a unit without any report


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Scheme:
    """Statuses in legend order; a status's code is its position + 1 (0 is no data)."""

    name: str
    statuses: tuple[Status, ...]
    no_data: Status
    contested: str
    unconfirmed: str | None
    description: str = ""
    codes: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "codes", {s.key: i + 1 for i, s in enumerate(self.statuses)})

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.statuses]

    @property
    def all_statuses(self) -> tuple[Status, ...]:
        """Every status, then no data: the order of legends and stats."""
        return (*self.statuses, self.no_data)

    def key_of(self, code: int) -> str:
        return self.all_statuses[code - 1].key if code else self.no_data.key

    def with_labels(self, labels: dict[str, str]) -> Scheme:
        """The scheme with some labels replaced (a country's own wording)."""
        statuses = tuple(Status(s.key, labels.get(s.key, s.label), s.colour) for s in self.statuses)
        return Scheme(self.name, statuses, self.no_data, self.contested, self.unconfirmed, self.description)


def load_scheme(name_or_path: str | Path = "default") -> Scheme:
    """Read a scheme by bundled name (``default``) or from a TOML file path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read scheme file ({exc.strerror})") from None
    else:
        bundled = resources.files("tracker.schemes") / f"{name_or_path}.toml"
        if not bundled.is_file():
            names = sorted(p.name[:-5] for p in resources.files("tracker.schemes").iterdir() if p.name.endswith(".toml"))
            raise InputError(f"unknown scheme {name_or_path!r} (bundled: {', '.join(names)}; or give a .toml path)")
        source, text = f"scheme {name_or_path}", bundled.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
        statuses = tuple(Status(s["key"], s["label"], s["colour"]) for s in data["status"])
        nd = data.get("no_data", {})
        no_data = Status(nd.get("key", "no_data"), nd.get("label", "No data"), nd.get("colour", "#DDDDDD"))
        scheme = Scheme(data.get("name", path.stem), statuses, no_data, data["contested"],
                        data.get("unconfirmed"), data.get("description", ""))
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"{source}: not a valid scheme ({exc}); see tracker/schemes/default.toml for the format") from None
    for key in (scheme.contested, scheme.unconfirmed):
        if key is not None and key not in scheme.codes:
            raise InputError(f"{source}: {key!r} is named as a special status but not defined under [[status]]")
    return scheme
