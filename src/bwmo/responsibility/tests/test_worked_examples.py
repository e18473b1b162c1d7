"""Runs the JSON blocks and tables of docs/responsibility.md against the engine.

The document is the specification users read; these tests make sure it cannot drift from the
code: every ``json example`` block is decided and compared with its ``expected`` result, the
summary table must list exactly those examples, the rule-id table must list exactly the engine's
rule ids, and the format example's output must be exactly what ``decide_many`` returns.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bwmo.responsibility.cases import decide_many
from bwmo.responsibility.engine import Rule

DOC = Path(__file__).resolve().parents[4] / "docs" / "responsibility.md"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
KNOWN_TAGS = {"json example", "json case-format", "json decision-format"}
DECISION_KEYS = {"responsible", "client_status", "rule", "explanation"}


def doc_text() -> str:
    assert DOC.is_file(), f"{DOC} is missing"
    return DOC.read_text(encoding="utf-8")


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    return [(match["info"].strip(), match["body"]) for match in FENCE.finditer(text)]


def tagged(tag: str) -> list[Any]:
    return [json.loads(body) for info, body in fenced_blocks(doc_text()) if info == tag]


def section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    rest = text[start + len(heading) + 1 :]
    stop = re.search(rf"^#{{1,{len(level)}}} ", rest, re.MULTILINE)
    return rest if stop is None else rest[: stop.start()]


EXAMPLES: list[dict[str, Any]] = tagged("json example")


def test_the_document_has_enough_examples_and_only_known_json_blocks() -> None:
    blocks = fenced_blocks(doc_text())
    json_tags = [info for info, _ in blocks if info.startswith("json")]
    assert set(json_tags) <= KNOWN_TAGS, json_tags
    assert json_tags.count("json case-format") == 1
    assert json_tags.count("json decision-format") == 1
    assert len(EXAMPLES) >= 20
    names = [example["name"] for example in EXAMPLES]
    assert len(names) == len(set(names)), "example names must be unique"


@pytest.mark.parametrize("example", EXAMPLES, ids=[str(e.get("name")) for e in EXAMPLES])
def test_worked_example(example: dict[str, Any]) -> None:
    assert set(example) == {"name", "case", "expected"}
    expected = example["expected"]
    [result] = decide_many([example["case"]])
    if "error" in expected:
        assert result == expected
        return
    assert set(expected) == DECISION_KEYS, "a decision example shows all four fields"
    assert {key: result.get(key) for key in DECISION_KEYS} == expected


def test_every_rule_has_a_worked_example_and_errors_are_shown() -> None:
    rules = {example["expected"].get("rule") for example in EXAMPLES}
    assert {rule.value for rule in Rule} <= rules
    assert any("error" in example["expected"] for example in EXAMPLES)


TABLE_ROW = re.compile(r"^\| (\d+) \| `([^`]+)` \| (.+?) \| (.+?) \| (.+?) \|$", re.MULTILINE)


def test_summary_table_matches_the_example_blocks() -> None:
    rows = TABLE_ROW.findall(section(doc_text(), "## Worked examples"))
    assert len(rows) == len(EXAMPLES)
    for number, (row, example) in enumerate(zip(rows, EXAMPLES, strict=True), start=1):
        expected = example["expected"]
        if "error" in expected:
            summary = (str(number), example["name"], "—", "—", "error")
        else:
            summary = (
                str(number),
                example["name"],
                f"`{expected['rule']}`",
                expected["responsible"],
                expected["client_status"],
            )
        assert row == summary


def test_rule_id_table_lists_exactly_the_engine_rules() -> None:
    table = section(doc_text(), "### Rule ids")
    ids = re.findall(r"^\| `([a-z0-9_]+)` \|", table, re.MULTILINE)
    assert sorted(ids) == sorted(rule.value for rule in Rule)


def test_format_example_output_is_exactly_what_decide_many_returns() -> None:
    [cases] = tagged("json case-format")
    [decisions] = tagged("json decision-format")
    assert decide_many(cases) == decisions


def test_the_documented_default_payer_for_clients_from_outside_is_the_one_in_the_code() -> None:
    """Issue 7 item 6: docs/responsibility.md on the default payer matches the engine."""
    from bwmo.responsibility.engine import OutsideRegionPayer, RegionConfig

    default = RegionConfig(("GM0114",), "GM0114", dt.date(2022, 1, 1)).outside_region_payer
    assert default is OutsideRegionPayer.ORIGIN
    calls = section(doc_text(), "## Judgment calls and open points")
    assert f"Default here (`outside_region_payer`\n  absent, and a new region in bwmo): `{default.value}`" in calls
    assert f"`{default.value}` (default" in section(doc_text(), "### Outside the region")
