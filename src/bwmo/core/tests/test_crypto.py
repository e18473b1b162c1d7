"""BSN encryption: own keys (not SECRET_KEY), rotation in resumable batches, stable search index."""

import json

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from cryptography.fernet import InvalidToken

from bwmo.clients.models import Client
from bwmo.core import crypto
from bwmo.testing.factories import ClientFactory, valid_bsn

OLD = "dGVzdC1ic24ta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE="  # conf/test.py's BWMO_BSN_KEY
NEW = "bmV3LWJzbi1rZXktYWZ0ZXItYS1yb3RhdGlvbi0wMSE="


def test_the_bsn_key_is_not_the_secret_key(settings):
    token = crypto.encrypt("123456782")
    index = crypto.blind_index("123456782")
    settings.SECRET_KEY = "a-completely-different-secret-key-" * 2
    assert crypto.decrypt(token) == "123456782"
    assert crypto.blind_index("123456782") == index
    assert settings.BSN_INDEX_KEY != settings.SECRET_KEY


def test_a_token_of_another_key_is_refused(settings):
    token = crypto.encrypt("123456782")
    settings.BSN_KEYS = [NEW]
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)


def _run(**options):  # type: ignore[no-untyped-def]
    from io import StringIO

    out = StringIO()
    call_command("rotate-bsn-key", stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_rotation_reencrypts_in_batches_and_resumes(settings, rheden):
    clients = [ClientFactory(registration_municipality=rheden) for _ in range(5)]
    bsns = {c.pk: c.bsn for c in clients}
    indexes = {c.pk: c.bsn_index for c in clients}

    settings.BSN_KEYS = [NEW, OLD]  # new key first, the old one still read
    first = _run(batch_size=2, max_batches=1)  # an interrupted run
    assert first == {"rotated": 2, "current": 0, "unreadable": 0, "batches": 1,
                     "last_id": clients[1].pk}
    rest = _run(batch_size=2)  # the same command again continues
    assert rest["rotated"] == 3 and rest["current"] == 2
    assert _run()["rotated"] == 0  # idempotent

    settings.BSN_KEYS = [NEW]  # the old key removed: everything is readable
    for client in Client.objects.filter(pk__in=bsns):
        assert client.bsn == bsns[client.pk]
        assert client.bsn_index == indexes[client.pk]  # search keeps working throughout
    assert Client.objects.get(bsn_index=crypto.blind_index(bsns[clients[0].pk])).pk == clients[0].pk


def test_rotation_without_the_old_key_reports_unreadable_bsns(settings, rheden):
    ClientFactory(registration_municipality=rheden, bsn_encrypted=crypto.encrypt(valid_bsn(7)),
                  bsn_index=crypto.blind_index(valid_bsn(7)))
    settings.BSN_KEYS = [NEW]  # forgot BWMO_BSN_OLD_KEYS
    with pytest.raises(CommandError, match="Niet alle BSN's"):
        _run()


def test_a_malformed_key_names_the_variable(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.BSN_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="BWMO_BSN_KEY"):
        crypto.encrypt("123456782")


def test_generate_bsn_key_prints_a_usable_key(settings, capsys):
    call_command("generate-bsn-key")
    key = capsys.readouterr().out.strip()
    settings.BSN_KEYS = [key]
    assert crypto.decrypt(crypto.encrypt("123456782")) == "123456782"


def test_development_keys_are_generated_into_var_with_a_loud_message(tmp_path, monkeypatch, capsys):
    import importlib

    from bwmo.conf import settings as base

    monkeypatch.setenv("BWMO_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("BWMO_BSN_KEY")
    monkeypatch.delenv("BWMO_BSN_INDEX_KEY")
    try:
        module = importlib.reload(base)
        keys = json.loads((tmp_path / "bsn_keys.json").read_text())
        assert [keys["key"]] == module.BSN_KEYS and keys["index_key"] == module.BSN_INDEX_KEY
        assert oct((tmp_path / "bsn_keys.json").stat().st_mode)[-3:] == "600"
        assert "BWMO_BSN_KEY and BWMO_BSN_INDEX_KEY are not set" in capsys.readouterr().err
    finally:
        monkeypatch.undo()
        importlib.reload(base)
