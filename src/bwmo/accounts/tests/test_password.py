"""Users change their own password, and reset a forgotten one by e-mail."""

import re

from django.core import mail
from django.urls import reverse

from bwmo.testing.browser import PASSWORD

NEW = "paarse-olifant-danst-op-zolder"


def test_a_user_changes_their_password_and_other_sessions_end(client, consulent_rheden):
    client.force_login(consulent_rheden)
    elsewhere = client.__class__()
    elsewhere.force_login(consulent_rheden)
    weak = client.post(reverse("accounts:password-change"),
                       {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200 and "12" in weak.content.decode()
    response = client.post(reverse("accounts:password-change"),
                           {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.url == reverse("accounts:password-change-done")
    consulent_rheden.refresh_from_db()
    assert consulent_rheden.check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # this session stays
    assert elsewhere.get(reverse("home")).status_code == 302  # the other one ends


def test_a_reset_link_by_email_sets_a_new_password(client, consulent_rheden):
    consulent_rheden.email = "j.consulent@rheden.example"
    consulent_rheden.save()
    response = client.post(reverse("accounts:password-reset"), {"email": "j.consulent@rheden.example"})
    assert response.url == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "nieuw wachtwoord" in body and PASSWORD not in body
    link = re.search(r"https?://[^/]+(/accounts/wachtwoord-vergeten/[^\s]+)", body).group(1)

    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("accounts:password-reset-complete")
    consulent_rheden.refresh_from_db()
    assert consulent_rheden.check_password(NEW)
    assert "_auth_user_id" not in client.session  # a reset does not log in: the code is still needed
    again = client.get(link, follow=True)
    assert "Deze link werkt niet meer" in again.content.decode()


def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "niemand@example.org"})
    assert response.url == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_the_header_links_to_the_password_page_once_verified(client, consulent_rheden):
    from bwmo.testing.auth import force_login_password_only

    force_login_password_only(client, consulent_rheden)
    page = client.get(reverse("accounts:second-factor"), follow=True).content.decode()
    assert "Tweede factor instellen" in page
    assert reverse("accounts:password-change") not in page
    client.force_login(consulent_rheden)
    assert reverse("accounts:password-change") in client.get(reverse("home")).content.decode()
