"""The kinds of job. Each app registers its own in its `jobs.py`; this app never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Job
    from .progress import Progress


@dataclass
class Outcome:
    """What a finished job shows: a summary (JSON), a link to the result, optionally a file."""

    summary: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    link_text: str = ""
    file_name: str = ""
    file_data: bytes = b""


class JobFailed(Exception):
    """The job stops with a clear Dutch message for the user (nothing it did is kept)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


Handler = Callable[["Job", "Progress"], Outcome]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    handler: Handler


_KINDS: dict[str, Kind] = {}


def register(name: str, label: str) -> Callable[[Handler], Handler]:
    def decorate(handler: Handler) -> Handler:
        _KINDS[name] = Kind(name=name, label=label, handler=handler)
        return handler
    return decorate


def kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise JobFailed(f"Onbekende soort taak: {name}.") from None


def label_of(name: str) -> str:
    found = _KINDS.get(name)
    return found.label if found else name
