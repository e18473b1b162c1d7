"""Browser tests: Playwright (Python) driving Debian's chromium, headless, against live_server.

Fixtures (registered in bwmo/conftest.py): `browser` (one chromium per session), `page` (a fresh
context per test). Helpers: `login(page, live_server, user)` logs in through the real forms (password and TOTP code);
`assert_accessible(page)` runs axe-core (bundled from npm, no CDN) and fails on WCAG 2.1 A/AA
violations. When chromium is missing the tests skip with a loud reason; in CI
(BWMO_REQUIRE_BROWSER=1) a missing chromium fails instead.
"""

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
AXE_JS = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe" / "axe.min.js"
PASSWORD = "correct-horse-battery-staple"  # the factories' password


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    path = chromium_path()
    if path is None:
        message = "Browser tests SKIPPED: Debian's chromium is not installed (apt-get install chromium)."
        if os.environ.get("BWMO_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)  # expect() waits for the page a click loads
    tab = context.new_page()
    violations: list[str] = []
    tab.on("console", lambda msg: violations.append(msg.text)
           if "Content Security Policy" in msg.text else None)
    yield tab
    context.close()
    # The strict CSP (conf/settings.py) blocks inline script, handlers and style attributes.
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def login(page, live_server, user, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Logs in through the real forms: password, then the code of the user's authenticator app
    (a confirmed TOTP device is created for the user when missing; see bwmo/testing/auth.py)."""
    from bwmo.testing.auth import fresh_code

    code = fresh_code(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "login failed"
    assert "/accounts/tweede-factor/" in page.url, "no second-factor step after the password"
    page.get_by_label("Verificatiecode").fill(code)
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state()
    assert "/accounts/tweede-factor/" not in page.url, "second factor failed"


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    """No WCAG 2.1 A/AA violations reported by axe-core on the current page."""
    # A click that navigates returns before the new page is there: check the page that loads.
    page.wait_for_load_state("load")
    # Loaded by URL from our own static files: the CSP refuses an inline copy.
    origin = "/".join(page.url.split("/", 3)[:3])
    page.add_script_tag(url=f"{origin}/static/vendor/axe/axe.min.js")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, "Accessibility violations:\n" + json.dumps(violations, indent=2)
