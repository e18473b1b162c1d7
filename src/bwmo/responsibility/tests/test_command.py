"""`bwmo responsibility-check FILE.json`: the decisions of a file of cases, as JSON, in order.

Checked both in-process (call_command) and as the real installed command in a subprocess, with the
examples of docs/responsibility.md as input, so the documented command line really works.
"""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

DOC = Path(__file__).resolve().parents[4] / "docs" / "responsibility.md"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
BWMO = Path(sys.executable).parent / "bwmo"


def doc_blocks(tag: str) -> list:
    text = DOC.read_text(encoding="utf-8")
    return [json.loads(m["body"]) for m in FENCE.finditer(text) if m["info"].strip() == tag]


def run_command(path: Path) -> tuple[list, str]:
    out, err = StringIO(), StringIO()
    call_command("responsibility-check", str(path), stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def run_installed(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bwmo.conf.test", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [str(BWMO), "responsibility-check", *args], capture_output=True, text=True,
        encoding="utf-8", env=env, input=stdin, timeout=120, check=False,
    )


@pytest.fixture
def format_example() -> tuple[list, list]:
    [cases] = doc_blocks("json case-format")
    [decisions] = doc_blocks("json decision-format")
    return cases, decisions


def test_the_documented_format_example_gives_the_documented_output(tmp_path, format_example):
    cases, decisions = format_example
    path = tmp_path / "casussen.json"
    path.write_text(json.dumps(cases), encoding="utf-8")

    result, err = run_command(path)

    assert result == decisions
    assert err == ""


def test_decisions_come_back_in_the_order_of_the_cases_with_errors_in_place(tmp_path):
    examples = doc_blocks("json example")
    assert len(examples) >= 20
    cases = [example["case"] for example in reversed(examples)]
    cases.insert(3, {"region": "geen object"})
    path = tmp_path / "casussen.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")

    result, _ = run_command(path)

    assert len(result) == len(cases)
    assert "error" in result[3] and "region" in result[3]["error"]
    del result[3]
    for example, decision in zip(reversed(examples), result, strict=True):
        expected = example["expected"]
        if "error" in expected:
            assert decision == expected, example["name"]
        else:
            assert {key: decision.get(key) for key in expected} == expected, example["name"]


def test_an_empty_list_gives_an_empty_list(tmp_path):
    path = tmp_path / "leeg.json"
    path.write_text("[]", encoding="utf-8")
    assert run_command(path) == ([], "")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"region": {}}', "moet een JSON-lijst van casussen bevatten"),
        ('"tekst"', "niet tekst"),
        ("[{]", "geen geldige JSON (regel 1, kolom 3): veldnaam tussen dubbele aanhalingstekens"),
        ("[1, 2", "geen geldige JSON"),
        ("[NaN]", "NaN is geen geldige JSON-waarde"),
        ("", "geen geldige JSON (regel 1, kolom 1): waarde verwacht"),
    ],
)
def test_a_file_that_is_not_a_json_list_is_refused_with_exit_code_2(tmp_path, content, message):
    path = tmp_path / "fout.json"
    path.write_text(content, encoding="utf-8")
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("responsibility-check", str(path), stdout=out, stderr=err)

    assert exit_info.value.code == 2
    assert message in err.getvalue()
    assert out.getvalue() == ""


def test_a_missing_or_binary_file_is_refused_with_exit_code_2(tmp_path):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("responsibility-check", str(tmp_path / "weg.json"), stderr=err)
    assert exit_info.value.code == 2
    assert "bestaat niet" in err.getvalue()

    binary = tmp_path / "binair.json"
    binary.write_bytes(b"\xff\xfe\x00[")
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("responsibility-check", str(binary), stderr=err)
    assert "geen tekstbestand in UTF-8" in err.getvalue()


def test_the_installed_bwmo_command_prints_the_decisions(tmp_path, format_example):
    cases, decisions = format_example
    path = tmp_path / "casussen.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")

    completed = run_installed(str(path))

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == decisions
    assert "vóór" in run_installed("-", stdin=json.dumps(
        [doc_blocks("json example")[0]["case"]]
    )).stdout  # Dutch text survives the pipe (reading from standard input with '-')


def test_the_installed_command_reports_bad_input_in_dutch_without_a_traceback(tmp_path):
    path = tmp_path / "object.json"
    path.write_text('{"id": 1}', encoding="utf-8")

    completed = run_installed(str(path))

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "moet een JSON-lijst van casussen bevatten" in completed.stderr
    assert "Traceback" not in completed.stderr
