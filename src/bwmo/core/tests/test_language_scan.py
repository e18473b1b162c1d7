"""No internal codes on Dutch screens.

Every client-data page of the permission matrix is opened by a user who may see it (the matrix's
scenario: a client with melding, toets, beschikking, waiting-list entry and placement), and its
visible text (inside <main>, without scripts, styles and attribute values) is scanned for:
- rule codes: the responsibility rules ("new_client_origin") and the toets rules ("bw.adult");
- "seed" references instead of a document title;
- stored choice values shown raw ("granted", "wmo_consulent"): every value with an underscore
  or a dot of every model field with choices;
- "None", the Python null shown as text;
- grouped integers such as the year "2.026" or the dossier "14.900".
"""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import transaction
from django.urls import reverse

import pytest

from bwmo.journeys.toets import RuleId
from bwmo.responsibility.engine import Rule
from bwmo.testing.scenario import build_scenario
from bwmo.tests.test_permission_matrix import CLIENT_ROUTES

from .test_number_format import GROUPED_INTEGER


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._in_main = False

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag == "main":
            self._in_main = True
        if tag in ("script", "style", "code"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def internal_codes() -> set[str]:
    codes = {str(rule) for rule in Rule} | {str(rule) for rule in RuleId}
    for model in apps.get_models():
        if not model.__module__.startswith("bwmo."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and ("_" in value or "." in value):
                    codes.add(value)
    return codes


def problems_in(text: str, codes: set[str]) -> list[str]:
    found = [code for code in codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text)]
    if re.search(r"\bseed\b", text, re.I):
        found.append("seed")
    if re.search(r"\bNone\b", text):
        found.append("None")
    if match := GROUPED_INTEGER.search(text):
        found.append(match.group())
    return found


def test_the_scan_finds_what_it_looks_for():
    codes = internal_codes()
    assert {"new_client_origin", "bw.adult", "wmo_consulent"} <= codes
    html = "<main><p>Regel new_client_origin, seed 004 §3.1, jaar 2.026 en None</p></main>"
    assert set(problems_in(visible_text(html), codes)) == {
        "new_client_origin", "seed", "2.026", "None"}
    clean = "<main><p>Nieuwe cliënt: gemeente van herkomst, € 1.234,50</p><script>x_y</script></main>"
    assert problems_in(visible_text(clean), codes) == []


@pytest.mark.django_db
def test_no_client_page_shows_an_internal_code(client, region):
    scenario = build_scenario(region)
    codes = internal_codes()
    failures = {}
    scanned = 0
    for name, rule in CLIENT_ROUTES.items():
        with transaction.atomic():  # each route's own objects (e.g. a second registration) go
            kwargs = rule.kwargs(scenario)
            url = reverse(name, kwargs=kwargs) + rule.query.format(surname=scenario.client.surname)
            for user_key in sorted(rule.allowed):
                client.force_login(scenario.users[user_key])
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                    continue
                scanned += 1
                if found := problems_in(visible_text(response.content.decode()), codes):
                    failures[f"{name} ({user_key})"] = found
            transaction.set_rollback(True)
    assert scanned > 40
    assert failures == {}


def test_a_stored_seed_reference_is_shown_with_the_document_title():
    from bwmo.core.sources import cite

    assert cite("seed 004 §3.1 (criteria)") == "Transformatieplan Centraal Gelderland §3.1 (criteria)"
    assert cite("seed 004 §2.1; DOMAIN §4") == "Transformatieplan Centraal Gelderland §2.1"
    assert "seed" not in cite("Seed 001 §2.5").lower()


def test_toets_sources_cite_documents_by_title():
    from bwmo.journeys import decision_rules, toets

    texts = [v for m in (toets, decision_rules) for k, v in vars(m).items()
             if isinstance(v, str) and k.isupper()]
    assert texts and not [t for t in texts if re.search(r"\bseed \d{3}|DOMAIN §", t)]
