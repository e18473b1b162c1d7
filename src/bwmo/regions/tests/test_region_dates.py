"""A region's decentralisation dates are consistent (issue 7 item 6)."""

from datetime import date

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

import pytest

from bwmo.regions.models import Region
from bwmo.testing.factories import UserFactory

MESSAGE = "MO kan niet eerder gedecentraliseerd worden dan beschermd wonen"


def test_mo_decentralisation_before_the_bw_date_is_refused_in_model_clean(region):
    region.mo_decentralised_from = date(2021, 12, 31)
    with pytest.raises(ValidationError) as refused:
        region.full_clean()
    [message] = refused.value.message_dict["mo_decentralised_from"]
    assert MESSAGE in message and "31-12-2021" in message and "01-01-2022" in message
    region.mo_decentralised_from = date(2022, 1, 1)
    region.full_clean()


def test_the_admin_form_shows_the_error_and_saves_nothing(region):
    model_admin = admin.site._registry[Region]
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    form_class = model_admin.get_form(request, region)
    data = {field: getattr(region, field) for field in form_class.base_fields
            if hasattr(region, field)}
    data["centrumgemeente"] = region.centrumgemeente_id
    data["mo_decentralised_from"] = "2021-06-01"
    data["decentralisation_date"] = "2022-01-01"
    form = form_class(data=data, instance=region)
    assert not form.is_valid()
    assert MESSAGE in " ".join(form.errors["mo_decentralised_from"])
    region.refresh_from_db()
    assert region.mo_decentralised_from is None
