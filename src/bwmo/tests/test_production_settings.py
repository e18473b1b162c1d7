"""bwmo.conf.production: refuses to start without its variables, and `check --deploy` is clean."""

import os
import secrets
import subprocess
import sys

import pytest

from bwmo.conf.required import REQUIRED

GOOD = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://bwmo:geheim@db.example.nl:5432/bwmo",
    "ALLOWED_HOSTS": "bwmo.example.nl",
    "BWMO_BSN_KEY": "dGVzdC1ic24ta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=",
    "BWMO_BSN_INDEX_KEY": "dGVzdC1ic24taW5kZXgtbm90LWZvci1wcm9kdWN0biE=",
    "EMAIL_HOST": "smtp.example.nl",
    "DEFAULT_FROM_EMAIL": "bwmo@example.nl",
}


def _bwmo(*args: str, env: dict[str, str], tmp_path,  # type: ignore[no-untyped-def]
          settings_module: str = "bwmo.conf.production") -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("BWMO_", "DJANGO_", "SECRET_KEY", "DATABASE_URL", "DEBUG",
                                  "ALLOWED_HOSTS", "EMAIL_", "DEFAULT_FROM"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module, BWMO_VAR_DIR=str(tmp_path))
    return subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [sys.executable, "-m", "bwmo", *args], env=clean, capture_output=True, text=True, timeout=120
    )


def test_the_required_variables_are_the_documented_ones():
    assert set(GOOD) == set(REQUIRED)


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_each_variable(missing, tmp_path):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = _bwmo("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert f"without these environment variables: {missing} (" in result.stderr
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "bsn_keys.json").exists()


def test_production_refuses_debug(tmp_path):
    result = _bwmo("check", env={**GOOD, "DEBUG": "yes"}, tmp_path=tmp_path)
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_check_deploy_reports_nothing(tmp_path):
    result = _bwmo("check", "--deploy", "--fail-level", "DEBUG", env=GOOD, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_development_settings_would_not_pass_check_deploy(tmp_path):
    """The same check fails the development settings: the test above can fail."""
    result = _bwmo("check", "--deploy", "--fail-level", "WARNING", env={**GOOD, "DEBUG": "yes"},
                   tmp_path=tmp_path, settings_module="bwmo.conf.settings")
    assert result.returncode != 0 and "security.W0" in result.stderr
