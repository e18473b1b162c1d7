"""The dependency locks (requirements/*-lock.txt, `make lock`) match the pins they come from.

`requirements/base.txt` and `dev.txt` name the direct dependencies, pinned; `make lock` compiles
them with pip-compile into `base-lock.txt` and `dev-lock.txt`: every package, direct or not,
pinned with its sha256 hashes, which `make setup` and the Dockerfile install with
`pip install --require-hashes`. A pin changed without `make lock` fails here.
"""

import re
from pathlib import Path

import pytest

REQUIREMENTS = Path(__file__).resolve().parents[3] / "requirements"
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line.startswith("-r "):
            found |= pins(path.parent / line[3:].strip())
        match = _PIN.match(line.strip())
        if match:
            found[_name(match[1])] = match[2]
    return found


def lock_entries(path: Path) -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes)."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            current = _name(match[1])
            entries[current] = (match[2], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, count = entries[current]
            entries[current] = (version, count + 1)
    return entries


@pytest.mark.parametrize("source,lock", [("base.txt", "base-lock.txt"), ("dev.txt", "dev-lock.txt")])
def test_every_pin_is_in_the_lock_with_the_same_version(source, lock):
    wanted = pins(REQUIREMENTS / source)
    locked = lock_entries(REQUIREMENTS / lock)
    wrong = {name: (version, locked.get(name, ("missing", 0))[0])
             for name, version in wanted.items() if locked.get(name, ("", 0))[0] != version}
    assert not wrong, f"run `make lock`: pinned vs locked {wrong}"


@pytest.mark.parametrize("lock", ["base-lock.txt", "dev-lock.txt"])
def test_every_locked_package_has_hashes(lock):
    locked = lock_entries(REQUIREMENTS / lock)
    assert len(locked) > 20
    assert not [name for name, (_, hashes) in locked.items() if hashes == 0]


def test_the_runtime_lock_agrees_with_the_development_lock():
    base, dev = lock_entries(REQUIREMENTS / "base-lock.txt"), lock_entries(REQUIREMENTS / "dev-lock.txt")
    assert not {n: (v, dev.get(n)) for n, (v, _) in base.items() if dev.get(n, ("",))[0] != v}
