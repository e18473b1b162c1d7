"""WMO323 lines are checked against the provider's contract tariff (`bwmo.contracts.tariff_for`),
with the region's tariff only where the provider has no contract line for that product and day."""

from datetime import date
from decimal import Decimal

import pytest

from bwmo.contracts.models import Contract, ContractProduct
from bwmo.iwmo.incoming import bericht_import
from bwmo.iwmo.models import Declaratie, Toewijzing
from bwmo.iwmo.outgoing import export_301

from . import messages as m
from .conftest import AGB, TODAY

pytestmark = pytest.mark.django_db
GEMEENTE = "0275"


@pytest.fixture
def contracted(chain):  # type: ignore[no-untyped-def]
    contract = Contract.objects.create(
        region=chain.region, provider=chain.provider, reference="BW-2026-07", form="aanbesteding",
        start_date=date(2026, 1, 1), initial_end_date=date(2026, 12, 31),
    )
    ContractProduct.objects.create(contract=contract, product=chain.product, tariff=Decimal("151.20"),
                                   valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    return chain


def _declare(chain, tmp_path, tarief, month=10):  # type: ignore[no-untyped-def]
    export_301(chain.region, tmp_path, today=TODAY)
    toewijzing = Toewijzing.objects.get(beschikking=chain.beschikking)
    last = 31 if month == 10 else 30
    line = {"bsn": chain.client.bsn, "ref": f"P{month}", "toewijzing": toewijzing.nummer,
            "begin": date(2026, month, 1), "end": date(2026, month, last), "volume": last,
            "tarief": tarief}
    return bericht_import(
        m.declaratie_323(agb=AGB, gemeente=GEMEENTE, ident=f"D{month}", day=TODAY,
                         nummer=f"DN{month}", periode=(date(2026, month, 1), date(2026, month, last)),
                         lines=[line]),
        today=TODAY,
    )


def test_a_line_at_the_contract_tariff_is_granted(contracted, tmp_path):
    outcome = _declare(contracted, tmp_path, 15120)

    assert outcome.applied
    assert outcome.retour_codes == ["0200", "8001"]
    assert Declaratie.objects.get().toegekend_cents == 31 * 15120


def test_a_line_at_the_regional_tariff_is_refused_when_a_contract_tariff_holds(contracted, tmp_path):
    outcome = _declare(contracted, tmp_path, 15000)  # the region's € 150,00, not the contract's

    assert not outcome.applied
    assert "0611" in outcome.retour_codes
    assert "€ 151,20, contracttarief (BW-2026-07)" in "\n".join(outcome.report)
    assert not Declaratie.objects.exists()


def test_without_a_contract_the_regional_tariff_is_the_check(chain, tmp_path):
    assert _declare(chain, tmp_path, 15000).applied
    refused = _declare(chain, tmp_path / "2", 15120, month=11)
    assert "0611" in refused.retour_codes
    assert "€ 150,00, regionaal tarief" in "\n".join(refused.report)
