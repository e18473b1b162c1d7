"""The capacity overview for users who see aggregates only: a small occupancy is not shown, nor
the free places or totals it could be recovered from; case workers still see every number."""

import re
from datetime import date

from django.urls import reverse

import numpy as np
import pytest
from scipy.optimize import linprog

from bwmo.accounts.constants import Role
from bwmo.capacity.models import Location, PlaceCapacity
from bwmo.capacity.selectors import capacity_rows
from bwmo.capacity.suppressed import suppress_overview, suppress_waiting
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.placements.tests.helpers import build_world, client_of
from bwmo.testing.factories import LocationFactory, user_with_role

DAY = date(2026, 6, 1)


@pytest.fixture
def world(region, renkum):
    world = build_world(region, places=10)
    other = LocationFactory(provider=world.provider, municipality=renkum, name="Het Anker")
    third = LocationFactory(provider=world.provider, municipality=region.centrumgemeente,
                            name="De Linde")
    for location, product, places, occupied in [
        (world.location, world.bw, 10, 3),  # small: suppressed
        (other, world.bw, 12, 12),
        (third, world.bw, 20, 9),
        (other, world.gwib, 8, 6),
        (third, world.gwib, 8, 7),
    ]:
        if location != world.location or product != world.bw:
            PlaceCapacity.objects.create(location=location, product=product, places=places,
                                         valid_from=date(2026, 1, 1))
        for _ in range(occupied):
            Placement.objects.create(client=client_of(location.municipality), location=location,
                                     product=product, responsible_municipality=location.municipality,
                                     start_date=date(2026, 3, 1))
    return world


def _attack(rows, view):
    """Intervals of the hidden occupancies from what the unfiltered view publishes: the shown
    occupancies, the grand total, and each row's places and free places."""
    hidden = [i for i, r in enumerate(view.rows) if r.suppressed]
    known = {i: r.row.occupied for i, r in enumerate(view.rows) if not r.suppressed}
    a, b = [], []
    if view.totals.occupied != "x":
        a.append([1.0] * len(hidden))
        b.append(int(view.totals.occupied) - sum(known.values()))
    result = []
    for k in range(len(hidden)):
        bounds = []
        for sign in (1, -1):
            c = np.zeros(len(hidden))
            c[k] = sign
            lp = linprog(c, A_eq=np.array(a) if a else None, b_eq=np.array(b) if b else None,
                         bounds=(0, None), method="highs")
            bounds.append(np.inf * -sign if lp.status == 3 else sign * lp.fun)
        result.append(bounds)
    return result


def test_small_occupancy_hidden_with_a_partner_and_not_recoverable(world):
    rows = capacity_rows(Location.objects.all(), DAY)
    view = suppress_overview(rows, rows, threshold=5, product_filtered=False,
                             municipality_filtered=False)
    shown = {(r.location.name, r.product.code): r for r in view.rows}
    velp = shown[("Huize Velp", "BW")]
    assert velp.occupied == "x" and velp.free == "x"
    assert sum(r.suppressed for r in view.rows) == 2  # one more in the BW column
    for low, high in _attack(rows, view):
        assert high - low >= 5
    # no published number below the threshold but zero
    for r in view.rows:
        assert r.occupied == "x" or int(r.occupied) == 0 or int(r.occupied) >= 5


def test_municipality_total_only_when_nothing_in_it_is_hidden(world, rheden, renkum):
    rows = capacity_rows(Location.objects.all(), DAY)
    in_rheden = [r for r in rows if r.location.municipality == rheden]
    view = suppress_overview(rows, in_rheden, threshold=5, product_filtered=False,
                             municipality_filtered=True)
    assert view.totals.occupied == "x" and view.totals.free == "x"
    in_renkum = [r for r in rows if r.location.municipality == renkum]
    view = suppress_overview(rows, in_renkum, threshold=5, product_filtered=False,
                             municipality_filtered=True)
    if not any(r.suppressed for r in view.rows):
        assert view.totals.occupied == str(sum(r.occupied for r in in_renkum))


def test_waiting_list_hides_small_groups_and_their_difference():
    class P:
        def __init__(self, name):
            self.name = name

    from bwmo.placements.selectors import WaitingSummary

    summaries = [WaitingSummary(product=P("BW"), waiting=7, urgent=5, median_days=30,
                                longest_days=90),
                 WaitingSummary(product=P("MO"), waiting=3, urgent=0, median_days=5,
                                longest_days=8),
                 WaitingSummary(product=P("GW"), waiting=20, urgent=10, median_days=40,
                                longest_days=120)]
    shown = {s.product.name: s for s in suppress_waiting(summaries, threshold=5)}
    assert shown["MO"].waiting == "x" and shown["MO"].longest_display == "x"
    # BW: 7 waiting of whom 5 urgent leaves 2 not urgent: one of the two must go
    assert "x" in (shown["BW"].waiting, shown["BW"].urgent)


def _numbers(html, name):
    row = re.search(rf"<tr>\s*<td><a[^>]*>{name}</a>.*?</tr>", html, re.S).group(0)
    return re.findall(r'<td class="num">(?:<span[^>]*>)?([^<]*)', row)


def test_policy_sees_x_where_case_workers_see_the_count(client, world, consulent_rheden, region):
    WaitingListEntry.objects.create(client=client_of(world.rheden), product=world.bw,
                                    responsible_municipality=world.rheden, entered_on=DAY)
    url = reverse("capacity:overview") + f"?peildatum={DAY.isoformat()}"
    client.force_login(user_with_role(Role.BELEID, region))
    html = client.get(url).content.decode()
    assert _numbers(html, "Huize Velp") == ["10", "x", "x"]
    assert "x = afgeschermd" in html
    waiting_row = re.search(r"<tr><td>Beschermd wonen</td>.*?</tr>", html, re.S).group(0)
    assert "<td class=\"num\">1</td>" not in waiting_row
    client.force_login(consulent_rheden)
    html = client.get(url).content.decode()
    assert _numbers(html, "Huize Velp") == ["10", "3", "7"]
    assert "x = afgeschermd" not in html


@pytest.mark.parametrize("query", ["", "&product=BW", "&gemeente=GM0275"])
def test_the_api_hides_for_policy_what_the_overview_hides(client, world, consulent_rheden, region,
                                                          query):
    """/api/v1/capaciteit answers beleid with the overview's suppression (null where the screen
    shows x) and case workers with every number."""
    from rest_framework.test import APIClient

    from bwmo.api.models import ApiToken

    def api_rows(user):  # type: ignore[no-untyped-def]
        _row, token = ApiToken.issue(user, "test")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        body = api.get(f"/api/v1/capaciteit?peildatum={DAY.isoformat()}{query}").json()
        return {(r["location_name"], r["product"]): r for r in body["results"]}

    beleid = user_with_role(Role.BELEID, region)
    client.force_login(beleid)
    html = client.get(reverse("capacity:overview") + f"?peildatum={DAY.isoformat()}{query}"
                      ).content.decode()
    policy = api_rows(beleid)
    assert policy
    for (name, product), row in policy.items():
        screen = _numbers(html, name) if product == "BW" and "product" in query else None
        if row["suppressed"]:
            assert row["occupied"] is None and row["free"] is None
        else:
            assert not 0 < row["occupied"] < 5, (name, product, row)
        if screen is not None:  # the screen's occupancy reads the same
            assert screen[1] == ("x" if row["suppressed"] else str(row["occupied"]))
    assert policy[("Huize Velp", "BW")]["suppressed"]
    assert sum(r["suppressed"] for r in policy.values()) == (2 if "gemeente" not in query else 1)
    exact = api_rows(consulent_rheden)
    velp = exact[("Huize Velp", "BW")]
    assert (velp["places"], velp["occupied"], velp["free"], velp["suppressed"]) == (10, 3, 7, False)
