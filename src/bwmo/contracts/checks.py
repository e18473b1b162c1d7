"""The checks other apps call: is there a valid contract (and tariff) for a provider and product on
a day, and is the provider's quality sufficient for a PGB. This module reads contract data only,
so that placements and journeys can call it without depending on the rest of contract management.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from bwmo.capacity.models import Provider
from bwmo.core.dates import nl_date
from bwmo.regions.models import Product, Region, Tariff

from . import quality, rules, tariff_rule
from .models import (
    Contract,
    ContractProduct,
    ContractSettings,
    GgdInspection,
    KeurmerkEvidence,
    KeurmerkRequirement,
    RechtmatigheidSignal,
)


def settings_for(region: Region) -> ContractSettings:
    found = ContractSettings.objects.filter(region=region).first()
    return found if found is not None else ContractSettings(region=region)


def options_of(contract: Contract) -> list[rules.Option]:
    return [rules.Option(o.order, o.months, o.exercised_on) for o in contract.options.all()]


def current_end(contract: Contract) -> date:
    return rules.effective_end(contract.initial_end_date, options_of(contract))


def valid_line(provider: Provider, product: Product, day: date) -> ContractProduct | None:
    """The contract line of `provider` for `product` that holds on `day`, within a running
    contract (`tariff_rule`: the latest start wins, then the latest recorded)."""
    lines = (
        ContractProduct.objects.filter(
            contract__provider=provider, product=product, valid_from__lte=day, valid_to__gte=day,
            contract__start_date__lte=day,
        ).select_related("contract").prefetch_related("contract__options")
    )
    windows = [
        tariff_rule.Window(max(line.valid_from, line.contract.start_date),
                           min(line.valid_to, current_end(line.contract)), line, line.pk)
        for line in lines
    ]
    chosen = tariff_rule.decide(day, contract=windows, product=[])
    return None if chosen is None else chosen.value


def contract_refusal(provider: Provider, product: Product, day: date) -> str | None:
    """Why a placement or ZIN beschikking with `provider` for `product` from `day` is refused, or
    None. Only where the region has switched the contract check on (from its date)."""
    required_from = settings_for(product.region).required_from
    if required_from is None or day < required_from:
        return None
    if valid_line(provider, product, day) is not None:
        return None
    return (f"{provider} heeft op {nl_date(day)} geen geldig contract met tarief voor "
            f"'{product.name}'. Kies een aanbieder met een contract voor dit product, of laat "
            "de contractmanager het contract vastleggen.")


def tariff_on(provider: Provider, product: Product, day: date) -> ContractProduct | None:
    """The contracted tariff line (amount and unit) of `provider` for `product` on `day`."""
    return valid_line(provider, product, day)


@dataclass(frozen=True)
class TariffRef:
    """The tariff that holds for a provider and product on a day, and where it comes from."""

    amount: Decimal
    unit: str  # bwmo.regions.constants.TariffUnit
    source: str  # "contract" or "regio"
    valid_from: date
    valid_to: date | None
    contract_reference: str = ""

    @property
    def source_label(self) -> str:
        if self.source == "contract":
            return f"contracttarief ({self.contract_reference})"
        return "regionaal tarief"


def tariff_for(provider: Provider, product: Product, on_date: date) -> TariffRef | None:
    """The tariff that declarations and placements use, by the one rule of `tariff_rule`: the
    provider's contract line for the product on `on_date` (within a running contract), otherwise
    the region's tariff for the product (`regions.Tariff`); None when neither holds that day."""
    line = valid_line(provider, product, on_date)
    if line is not None:
        return TariffRef(line.tariff, line.unit, "contract", line.valid_from, line.valid_to,
                         line.contract.reference)
    regional = [
        tariff_rule.Window(t.valid_from, t.valid_to, t, t.pk)
        for t in Tariff.objects.filter(product=product, valid_from__lte=on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
    ]
    chosen = tariff_rule.decide(on_date, contract=[], product=regional)
    if chosen is None:
        return None
    tariff = chosen.value
    return TariffRef(tariff.amount, tariff.unit, "regio", tariff.valid_from, tariff.valid_to)


def provider_qualities(
    providers: Iterable[Provider], region: Region | None, day: date
) -> dict[int, quality.QualityStatus]:
    """The quality status of each provider on `day`, in four queries whatever their number."""
    providers = list(providers)
    ids = [p.pk for p in providers]
    requirements = [] if region is None else [
        quality.Requirement(r.pk, r.title)
        for r in KeurmerkRequirement.objects.filter(region=region, active=True)
    ]
    evidence: dict[int, list[quality.Evidence]] = defaultdict(list)
    for e in KeurmerkEvidence.objects.filter(provider_id__in=ids).only(
        "provider_id", "requirement_id", "valid_until", "recorded_on"
    ):
        evidence[e.provider_id].append(quality.Evidence(e.requirement_id, e.valid_until, e.recorded_on))
    inspections: dict[int, list[quality.Inspection]] = defaultdict(list)
    for i in GgdInspection.objects.filter(provider_id__in=ids).only(
        "provider_id", "inspected_on", "severity", "follow_up_due", "closed_on"
    ):
        inspections[i.provider_id].append(quality.Inspection(
            i.inspected_on, i.severity == "serious", i.severity != "none", i.follow_up_due,
            i.closed_on,
        ))
    signals: dict[int, list[quality.Signal]] = defaultdict(list)
    for s in RechtmatigheidSignal.objects.filter(provider_id__in=ids).only(
        "provider_id", "received_on", "concerns_pgb", "closed_on"
    ):
        signals[s.provider_id].append(quality.Signal(s.received_on, s.concerns_pgb, s.closed_on))
    warn_days = settings_for(region).warn_days if region is not None else 60
    return {
        p.pk: quality.quality_status(
            day=day, requirements=requirements, evidence=evidence[p.pk],
            inspections=inspections[p.pk], signals=signals[p.pk],
            declared_insufficient=not p.quality_sufficient, warn_days=warn_days,
        )
        for p in providers
    }


def provider_quality(provider: Provider, region: Region | None, day: date) -> quality.QualityStatus:
    return provider_qualities([provider], region, day)[provider.pk]


def pgb_quality(provider: Provider, region: Region | None, day: date) -> tuple[bool, str]:
    """The PGB condition "de kwaliteit van de aanbieder is voldoende" with the reason when not."""
    status = provider_quality(provider, region, day)
    return status.pgb_allowed, " ".join(status.pgb_reasons)
