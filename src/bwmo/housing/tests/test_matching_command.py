"""`bwmo matching-solve FILE.json`: the engine on a JSON problem, the result as JSON.

The worked example of docs/matching.md is run both in-process (call_command) and as the installed
console script, so the documented command line really works; malformed input exits 2 with a Dutch
message and no output; a problem without any possible match is an empty, explained result (0).
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

DOC = Path(__file__).resolve().parents[4] / "docs" / "matching.md"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
BWMO = Path(sys.executable).parent / "bwmo"


def doc_block(tag: str) -> dict:
    text = DOC.read_text(encoding="utf-8")
    [block] = [json.loads(m["body"]) for m in FENCE.finditer(text) if m["info"].strip() == f"json {tag}"]
    return block


def run(path: Path) -> tuple[int, dict | None, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("matching-solve", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), None, err.getvalue()
    return 0, json.loads(out.getvalue()), err.getvalue()


def write(tmp_path: Path, doc, name="probleem.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def without_seconds(result: dict) -> dict:
    assert isinstance(result["seconds"], float)
    return {k: v for k, v in result.items() if k != "seconds"}


def test_worked_example_of_the_docs(tmp_path):
    code, result, err = run(write(tmp_path, doc_block("matching-input")))
    assert code == 0 and err == ""
    assert without_seconds(result) == without_seconds(doc_block("matching-output"))
    assert result["optimal"] is True


def test_installed_command_reads_standard_input():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bwmo.conf.test", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [str(BWMO), "matching-solve", "-"], capture_output=True, text=True, encoding="utf-8", env=env,
        input=json.dumps(doc_block("matching-input")), timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert without_seconds(json.loads(done.stdout)) == without_seconds(doc_block("matching-output"))


def test_infeasible_problem_is_an_empty_explained_result(tmp_path):
    doc = doc_block("matching-input")
    for person in doc["uitstromers"]:
        person["max_rent"] = "100.00"
    code, result, _err = run(write(tmp_path, doc))
    assert code == 0
    assert result["assignments"] == [] and result["housed"] == 0 and result["optimal"] is True
    assert len(result["unmatched"]) == 5
    assert all("€ 100,00" in u["reason"] for u in result["unmatched"])


def test_no_dwellings_at_all(tmp_path):
    doc = {**doc_block("matching-input"), "dwellings": [], "neighbourhood_caps": {}, "contingents": []}
    code, result, _err = run(write(tmp_path, doc))
    assert code == 0 and result["housed"] == 0
    assert {u["reason"] for u in result["unmatched"]} == {"Er zijn geen woningen aangeboden."}


def broken(change):
    doc = doc_block("matching-input")
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ("{niet json", "geen geldige JSON"),
        ('{"uitstromers": NaN}', "geen geldige JSON"),
        ([], "moet een object"),
        (broken(lambda d: d.pop("dwellings")), "'dwellings' ontbreekt"),
        (broken(lambda d: d["uitstromers"][1].update(max_rent="veel")), "uitstromer 2: 'max_rent' is geen bedrag"),
        (broken(lambda d: d["uitstromers"][0].update(max_rent=650)), "bedrag als tekst"),
        (broken(lambda d: d["uitstromers"][0].update(household_size="1")), "geheel getal"),
        (broken(lambda d: d["uitstromers"][0].update(only_preferred="ja")), "true of false"),
        (broken(lambda d: d["uitstromers"][0].update(needs="begane grond")), "lijst van teksten"),
        (broken(lambda d: d["uitstromers"][0].update(household_size=0)), "minstens 1"),
        (broken(lambda d: d["dwellings"][1].update(id="W1")), "'W1' komt twee keer voor"),
        (broken(lambda d: d["dwellings"][0].update(rent="640.001")), "hele centen"),
        (broken(lambda d: d["neighbourhood_caps"].update(BU02020101=-1)), "niet negatief"),
        (broken(lambda d: d["neighbourhood_caps"].update(BU02020101="1")), "geheel getal"),
        (broken(lambda d: d["contingents"].append(d["contingents"][0])), "twee keer voor"),
        (broken(lambda d: d["contingents"][0].pop("remaining")), "'remaining' ontbreekt"),
    ],
)
def test_malformed_input_exits_2_with_a_dutch_message(tmp_path, doc, message):
    code, result, err = run(write(tmp_path, doc))
    assert code == 2 and result is None
    assert message in err
    assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path):
    code, _result, err = run(tmp_path / "bestaat-niet.json")
    assert code == 2 and "Bestand niet gevonden" in err
