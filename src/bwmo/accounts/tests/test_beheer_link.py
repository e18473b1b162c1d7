"""Functioneel beheer finds its admin through a "Beheer" link in the menu; others do not."""

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def _menu(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    return body[body.index('aria-label="Hoofdmenu"'):body.index("</nav>")]


def test_functioneel_beheer_sees_the_beheer_link_and_it_opens(client, region):
    user = user_with_role(Role.FUNCTIONEEL_BEHEER, region)
    user.is_staff = True
    user.save()
    menu = _menu(client, user)
    assert f'<a href="{reverse("admin:index")}">Beheer</a>' in menu
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Site-beheer" in page.content.decode() or "beheer" in page.content.decode()


@pytest.mark.parametrize("role", [Role.WMO_CONSULENT, Role.BELEID, Role.PRIVACY_OFFICER])
def test_other_roles_have_no_beheer_link(client, region, role):
    user = user_with_role(role, region)
    user.is_staff = True  # staff status alone does not open the admin (admin_scope)
    user.save()
    assert "Beheer</a>" not in _menu(client, user)


def test_the_admin_speaks_dutch(client, region):
    user = user_with_role(Role.FUNCTIONEEL_BEHEER, region)
    user.is_staff = True
    user.save()
    client.force_login(user)
    body = client.get(reverse("admin:index")).content.decode()
    assert "Afmelden" in body or "Uitloggen" in body
    assert "Log out" not in body


def test_the_housing_association_home_explains_what_it_will_see(client, region):
    client.force_login(user_with_role(Role.WONINGCORPORATIE, region))
    body = client.get(reverse("home")).content.decode()
    assert "Wat u hier ziet" in body and "geen namen, geen BSN" in body
    client.force_login(user_with_role(Role.WMO_CONSULENT, region))
    assert "Wat u hier ziet" not in client.get(reverse("home")).content.decode()
