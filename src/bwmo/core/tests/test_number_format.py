"""Years and identifiers print without a thousands separator; amounts keep theirs.

With Django's USE_THOUSAND_SEPARATOR every integer in a template was grouped: the year 2026 came
out as "2.026" (the Woonplaatsbeginsel page, "Totaal 2.026") and dossier 14900 as "dossier
14.900" (samenvoeging ongedaan maken). Amounts are grouped on purpose with `floatformat:"2g"`.
"""

import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.testing.factories import user_with_role

GROUPED_INTEGER = re.compile(r"(?<![\d.,])\d{1,2}\.\d{3}(?![\d,])")  # "2.026", "14.900", not "1.234,50"


def test_the_setting_is_off():
    assert settings.USE_THOUSAND_SEPARATOR is False


@pytest.mark.parametrize("value, shown", [(2026, "2026"), (14900, "14900"), (1999, "1999")])
def test_integers_render_without_separator(value, shown):
    assert Template("{{ value }}").render(Context({"value": value})) == shown


def test_amounts_are_still_grouped_explicitly():
    text = Template('€ {{ value|floatformat:"2g" }}').render(Context({"value": Decimal("36600")}))
    assert text == "€ 36.600,00"


def test_the_scan_pattern_finds_a_grouped_year_and_leaves_amounts_alone():
    assert GROUPED_INTEGER.search("Totaal 2.026")
    assert GROUPED_INTEGER.search("dossier 14.900)")
    assert not GROUPED_INTEGER.search("€ 36.600,00")
    assert not GROUPED_INTEGER.search("versie 1.2.3")


@pytest.mark.django_db
def test_the_settlement_page_prints_its_year_plainly(client, region):
    client.force_login(user_with_role(Role.BELEID, region))
    body = client.get(reverse("finance:settlement"), {"jaar": date.today().year - 1}).content.decode()
    main = body[body.index("<main"):]
    assert str(date.today().year - 1) in main
    assert not GROUPED_INTEGER.search(main), GROUPED_INTEGER.search(main)


@pytest.mark.django_db
def test_the_unmerge_page_prints_dossier_numbers_plainly(client, region, rheden):
    from bwmo.testing.factories import ClientFactory, consulent_for

    survivor = ClientFactory(registration_municipality=rheden, responsible_municipality=rheden)
    duplicate = ClientFactory(id=14900, registration_municipality=rheden,
                              responsible_municipality=rheden, surname=survivor.surname,
                              given_names=survivor.given_names,
                              date_of_birth=survivor.date_of_birth, bsn_encrypted="",
                              bsn_index=None, no_bsn_reason="not_registered")
    from bwmo.clients.merge import client_merge

    user = consulent_for(rheden)
    record = client_merge(survivor=survivor, duplicate=duplicate, acting_user=user,
                          today=date(2026, 9, 1))
    client.force_login(user)
    body = client.get(reverse("clients:unmerge", kwargs={"pk": record.pk})).content.decode()
    assert "dossier 14900" in body and "14.900" not in body
