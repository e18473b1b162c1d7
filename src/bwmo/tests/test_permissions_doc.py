"""docs/permissions.md is rendered from the permission matrix tests; this test keeps it true.

Regenerate after changing a rule:
`.venv/bin/python -c "from bwmo.tests.test_permissions_doc import write; write()"`
(with DJANGO_SETTINGS_MODULE=bwmo.conf.settings)."""

from pathlib import Path

from .test_permission_matrix import ALL_USERS, CLIENT_ROUTES, OTHER_ROUTES
from .test_permission_matrix_post import CLIENT_POSTS

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
USERS = [
    ("consulent_own", "Wmo-consulent (eigen gemeente)"),
    ("consulent_other", "Wmo-consulent (andere gemeente)"),
    ("ct_adviseur", "CT-adviseur"),
    ("provider_own", "zorgaanbieder (eigen)"),
    ("provider_other", "zorgaanbieder (andere)"),
    ("woningcorporatie", "woningcorporatie"),
    ("beleid", "beleid"),
    ("privacy_officer", "privacy officer"),
    ("functioneel_beheer", "functioneel beheer"),
]


def render() -> str:
    assert {key for key, _ in USERS} == set(ALL_USERS)
    head = "| route | " + " | ".join(label for _, label in USERS) + " |"
    rule = "|---|" + "---|" * len(USERS)
    lines = [
        "# Permissions",
        "",
        "Generated from the permission matrix tests (`src/bwmo/tests/test_permission_matrix.py`,",
        "`test_permission_matrix_post.py`); `tests/test_permissions_doc.py` fails when this file",
        "and the tests disagree. Scope decisions are made in `bwmo/scoping.py` only. For every",
        "route below, each user type is tested: ✓ opens it and sees the client (and an access-log",
        "entry is asserted), – gets 404/403 or a page without the client (and a `denied` entry is",
        "asserted for 404/403). The scenario is one client of Rheden with a melding, advice request,",
        "beschikking, waiting-list entry and placement (`bwmo/testing/scenario.py`).",
        "",
        "## Reading client data (GET)",
        "",
        head, rule,
    ]
    for name in sorted(CLIENT_ROUTES):
        allowed = CLIENT_ROUTES[name].allowed
        lines.append(f"| `{name}` | " + " | ".join("✓" if k in allowed else "–" for k, _ in USERS) + " |")
    lines += ["", "## Changing client data (POST)", "",
              "✓ the change succeeds and writes an access-log entry; – 404/403, nothing changes.",
              "", head, rule]
    for name in sorted(CLIENT_POSTS):
        allowed = CLIENT_POSTS[name].allowed
        lines.append(f"| `{name}` | " + " | ".join("✓" if k in allowed else "–" for k, _ in USERS) + " |")
    lines += ["", "## Routes without client data", "", "| route | rule |", "|---|---|"]
    for name in sorted(OTHER_ROUTES):
        lines.append(f"| `{name}` | {OTHER_ROUTES[name]} |")
    lines += [
        "",
        "## Django admin (`/beheer/`)",
        "",
        "Not in the route matrix. Scoped by `accounts/admin_scope.py`: the platform administrator",
        "(superuser) sees everything and alone grants roles, staff, permissions and superuser rights;",
        "a region's functioneel beheer sees only its region's users (without staff rights),",
        "organisations and reference data; staff status alone does not open the admin. Tested in",
        "`accounts/tests/test_admin_scope.py`.",
        "",
        "## Known gaps",
        "",
        "The matrix is a table of tests, not yet the one declarative source the views read",
        "(issue 8 item 2): views check roles themselves and get clients from `bwmo/scoping.py`.",
        "",
    ]
    return "\n".join(lines)


def write() -> None:
    DOC.write_text(render(), encoding="utf-8")


def test_permissions_doc_matches_the_matrix():
    assert DOC.read_text(encoding="utf-8") == render(), "docs/permissions.md is stale: regenerate it"
