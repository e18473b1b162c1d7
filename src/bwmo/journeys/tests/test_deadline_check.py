"""`bwmo deadline-check` and docs/deadlines.md: every worked example is run against the code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bwmo.journeys.deadline_cases import check_many

DOC = Path(__file__).resolve().parents[4] / "docs" / "deadlines.md"
FENCE = re.compile(r"^```json example\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
EXAMPLES: list[dict[str, Any]] = [
    json.loads(m["body"]) for m in FENCE.finditer(DOC.read_text(encoding="utf-8"))
]


def test_the_document_has_examples_of_every_kind() -> None:
    assert len(EXAMPLES) >= 10
    names = [example["name"] for example in EXAMPLES]
    assert len(names) == len(set(names))
    assert any("error" in example["expected"] for example in EXAMPLES)
    assert any(example["case"]["melding_date"] is None for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_worked_example(example: dict[str, Any]) -> None:
    assert set(example) == {"name", "case", "expected"}
    assert check_many([example["case"]]) == [example["expected"]]


def test_results_come_back_in_order_with_errors_in_place() -> None:
    cases = [example["case"] for example in EXAMPLES]
    assert check_many(cases) == [example["expected"] for example in EXAMPLES]
    assert check_many({"melding_date": None}) == [
        {"error": "Ongeldige invoer: verwacht een JSON-lijst van casussen."}
    ]
    [error] = check_many([{"aanvraag_date": "2026-01-05", "extension_days": True}])
    assert error == {"error": "Ongeldige casus: melding_date: ontbreekt."}
    [both_null] = check_many([{"melding_date": None, "aanvraag_date": None}])
    assert "allebei null" in str(both_null["error"])
    [overlap] = check_many([{"melding_date": "2026-01-05", "aanvraag_date": None, "suspensions": [
        {"start": "2026-01-10", "end": "2026-01-20"}, {"start": "2026-01-15", "end": "2026-01-25"}]}])
    assert "overlappen" in str(overlap["error"])


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    bwmo = Path(sys.executable).with_name("bwmo")
    return subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [str(bwmo), "deadline-check", *args], input=stdin, text=True,
        capture_output=True, check=False, timeout=120,
    )


def test_the_installed_command_prints_the_results_and_exits_0(tmp_path: Path) -> None:
    cases = [example["case"] for example in EXAMPLES]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    done = _run(str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [example["expected"] for example in EXAMPLES]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "bestaat niet"),
        ("{not json", "geen geldige JSON"),
        ('{"melding_date": null}', "JSON-lijst"),
    ],
)
def test_unreadable_input_exits_2_with_a_dutch_message(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "cases.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = _run(str(path))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
