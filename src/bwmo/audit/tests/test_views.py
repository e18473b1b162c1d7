from django.urls import reverse

from bwmo.accounts.constants import Role
from bwmo.testing.factories import user_with_role


def test_the_privacy_officer_finds_who_opened_a_client(client, region, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    client.get(reverse("clients:detail", args=[client_rheden.pk]))
    officer = user_with_role(Role.PRIVACY_OFFICER, region)
    client.force_login(officer)

    by_client = client.post(reverse("audit:log"), {"bsn": client_rheden.bsn})
    by_user = client.post(reverse("audit:log"), {"username": "consulent.rheden"})

    for response in (by_client, by_user):
        entries = list(response.context["page"].object_list)
        assert [e.username for e in entries] == ["consulent.rheden"]
        assert entries[0].client == client_rheden
    assert client_rheden.bsn not in by_client.content.decode()


def test_the_log_screen_is_not_found_for_other_roles(client, consulent_rheden):
    client.force_login(consulent_rheden)
    assert client.get(reverse("audit:log")).status_code == 404


def test_an_invalid_bsn_in_the_log_search_gets_a_message(client, region):
    client.force_login(user_with_role(Role.PRIVACY_OFFICER, region))
    response = client.post(reverse("audit:log"), {"bsn": "123"})
    assert "9 cijfers" in response.content.decode()
