"""Demo contract management for a generated region (issue #14): per provider a contract with the
region's tariffs (the tender of 2017 for four years with twice two years' extension, then a new
contract from 2025; MO as a subsidy), the regional keurmerk with evidence, a GGD inspection history,
an open rechtmatigheid signal at one provider, the last four quarterly overlegtafels and a yearly
account talk with the provider's real figures and agreed actions, and eight quarters of
client-experience scores. Deterministic: it draws only from its own random stream."""

import random
from datetime import date, timedelta
from decimal import Decimal

from bwmo.accounts.models import User
from bwmo.capacity.models import PlaceCapacity, Provider
from bwmo.contracts import selectors
from bwmo.contracts.constants import CommitmentStatus, ContractForm, InspectionSeverity, TalkKind
from bwmo.contracts.models import (
    AccountTalk,
    AgreedAction,
    Commitment,
    Contract,
    ContractProduct,
    ContractSettings,
    ExperienceScore,
    ExtensionOption,
    GgdInspection,
    KeurmerkEvidence,
    KeurmerkRequirement,
    RechtmatigheidSignal,
)
from bwmo.regions.constants import Track
from bwmo.regions.models import Product, Region, Tariff

KEURMERK = (
    ("Cliëntenraad en medezeggenschap", "Een actieve cliëntenraad met een vastgesteld reglement."),
    ("Klachtenregeling en vertrouwenspersoon", "Een onafhankelijke klachtenregeling, bekend bij cliënten."),
    ("Veiligheids- en calamiteitenplan", "Een actueel plan, jaarlijks geoefend."),
    ("Deskundigheid personeel", "Registratie van begeleiders (SKJ/BIG) en scholingsplan."),
    ("Ervaringsdeskundigheid", "Ervaringsdeskundigen in de begeleiding."),
)
COMMITMENTS = (
    "Minimaal 30 % van de cliënten binnen twee jaar doorgestroomd naar zelfstandig wonen",
    "Een doorstroomplan voor elke cliënt in groepswonen",
    "Inschrijving als woningzoekende binnen een maand na instroom",
)
ACTIONS = (
    ("Wachtlijst opschonen met de centrale toegang", "Aanbieder"),
    ("Uitstroomkandidaten aanmelden bij het transferpunt", "Aanbieder"),
    ("Bezettingscijfers per locatie aanleveren", "Aanbieder"),
    ("Afspraak met woningcorporatie over omklapwoningen", "Regio"),
)


def _tariff_on(product: Product, day: date) -> tuple[Decimal, str] | None:
    tariff = (Tariff.objects.filter(product=product, valid_from__lte=day)
              .order_by("-valid_from").first())
    return None if tariff is None else (tariff.amount, tariff.unit)


def _lines(contract: Contract, products: list[Product], first_year: int, last_year: int) -> list[ContractProduct]:
    rows = []
    for product in products:
        for year in range(first_year, last_year + 1):
            found = _tariff_on(product, date(year, 1, 1))
            if found is None:
                continue
            rows.append(ContractProduct(
                contract=contract, product=product, tariff=found[0], unit=found[1],
                valid_from=date(year, 1, 1), valid_to=date(year, 12, 31),
            ))
    return rows


def _quarters_before(today: date, n: int) -> list[tuple[int, int]]:
    year, quarter = selectors.quarter_before(today)
    result = []
    for _ in range(n):
        result.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(result))


def write_contract_demo(*, region: Region, providers: list[Provider], today: date,
                        rng: random.Random, manager: User | None) -> dict[str, int]:
    """Write the demo contract management of `region`; returns counts per kind."""
    counts: dict[str, int] = {}
    if Contract.objects.filter(region=region).exists():
        return counts
    ContractSettings.objects.update_or_create(region=region, defaults={"required_from": today})
    requirements = [
        KeurmerkRequirement.objects.get_or_create(
            region=region, title=title, defaults={"order": n, "description": text}
        )[0]
        for n, (title, text) in enumerate(KEURMERK, 1)
    ]
    contracts: list[Contract] = []
    lines: list[ContractProduct] = []
    options: list[ExtensionOption] = []
    commitments: list[Commitment] = []
    for index, provider in enumerate(providers):
        products = list(Product.objects.filter(
            pk__in=PlaceCapacity.objects.filter(location__provider=provider).values("product_id")
        ).order_by("code"))
        if not products:
            continue
        is_mo = all(p.track == Track.MO for p in products)
        form = ContractForm.SUBSIDIE if is_mo else ContractForm.AANBESTEDING
        code = "MO" if is_mo else "BW"
        old = Contract.objects.create(
            region=region, provider=provider, reference=f"{code}-2017-{index + 1:03d}",
            lot="Maatschappelijke opvang" if is_mo else "Beschermd wonen en tussenvormen",
            form=form, start_date=date(2017, 1, 1), initial_end_date=date(2020, 12, 31),
        )
        options += [
            ExtensionOption(contract=old, order=1, months=24, exercised_on=date(2020, 5, 1), exercised_by=manager),
            ExtensionOption(contract=old, order=2, months=24, exercised_on=date(2022, 5, 2), exercised_by=manager),
        ]
        lines += _lines(old, products, 2017, 2024)
        new = Contract.objects.create(
            region=region, provider=provider, reference=f"{code}-2025-{index + 1:03d}",
            lot=old.lot, form=form, start_date=date(2025, 1, 1), initial_end_date=date(2028, 12, 31),
        )
        options += [ExtensionOption(contract=new, order=n, months=24) for n in (1, 2)]
        lines += _lines(new, products, 2025, today.year)
        for n, text in enumerate(COMMITMENTS[: 1 + index % 3]):
            status = [CommitmentStatus.IN_PROGRESS, CommitmentStatus.AGREED, CommitmentStatus.MET][n]
            commitments.append(Commitment(contract=new, description=text,
                                          due_on=date(2026 + n, 12, 31), status=status))
        contracts += [old, new]
    ExtensionOption.objects.bulk_create(options)
    ContractProduct.objects.bulk_create(lines)
    Commitment.objects.bulk_create(commitments)
    counts["contracten"] = len(contracts)
    counts["contracttarieven"] = len(lines)

    evidence: list[KeurmerkEvidence] = []
    inspections: list[GgdInspection] = []
    signals: list[RechtmatigheidSignal] = []
    talks = 0
    actions: list[AgreedAction] = []
    scores: list[ExperienceScore] = []
    quarters = _quarters_before(today, 8)
    for index, provider in enumerate(providers):
        for requirement in requirements:
            recorded = today - timedelta(days=rng.randint(60, 500))
            valid_until = recorded + timedelta(days=3 * 365)
            if index == 1 and requirement.order == 3:  # one provider's keurmerk has lapsed
                valid_until = today - timedelta(days=rng.randint(10, 40))
            evidence.append(KeurmerkEvidence(
                provider=provider, requirement=requirement, recorded_on=recorded,
                valid_until=valid_until, evidence=f"Audit {recorded.year}: aangetoond", recorded_by=manager,
            ))
        inspected = today - timedelta(days=rng.randint(200, 700))
        inspections.append(GgdInspection(
            provider=provider, inspected_on=inspected, severity=InspectionSeverity.NONE,
            closed_on=inspected,
        ))
        if index % 4 == 2:
            recent = today - timedelta(days=rng.randint(20, 90))
            inspections.append(GgdInspection(
                provider=provider, inspected_on=recent, severity=InspectionSeverity.MINOR,
                findings="Dossiervorming en zorgplannen niet overal actueel.",
                follow_up="Verbeterplan met de GGD afgesproken.",
                follow_up_due=recent + timedelta(days=90),
            ))
        if index == 3:
            signals.append(RechtmatigheidSignal(
                provider=provider, received_on=today - timedelta(days=rng.randint(10, 60)),
                source="Sociale recherche", concerns_pgb=True,
                description="Declaraties pgb wijken af van de geleverde zorg; onderzoek loopt.",
            ))
        for year, quarter in quarters:
            scores.append(ExperienceScore(
                region=region, provider=provider, year=year, quarter=quarter,
                respondents=rng.randint(3, 40),
                score=Decimal(rng.randint(60, 86)) / 10,
            ))
        if not Contract.objects.filter(provider=provider, region=region).exists():
            continue
        for year, quarter in quarters[-4:]:
            held = date(year, 3 * quarter, 1) + timedelta(days=40)
            if held > today:
                held = today
            talk = AccountTalk.objects.create(
                region=region, provider=provider, kind=TalkKind.OVERLEGTAFEL, held_on=held,
                year=year, quarter=quarter,
                figures=selectors.provider_figures(provider, region, year, quarter),
                notes="Bezetting, wachtlijst en uitstroom besproken.", created_by=manager,
            )
            talks += 1
            description, owner = ACTIONS[rng.randrange(len(ACTIONS))]
            due = held + timedelta(days=60)
            actions.append(AgreedAction(
                talk=talk, description=description, owner=owner, due_on=due,
                done_on=due - timedelta(days=rng.randint(0, 20)) if due < today - timedelta(days=30) else None,
            ))
        last_year = today.year - 1
        AccountTalk.objects.create(
            region=region, provider=provider, kind=TalkKind.ACCOUNTGESPREK,
            held_on=date(today.year, 2, 15) if today >= date(today.year, 2, 15) else today,
            year=last_year, figures=selectors.provider_figures(provider, region, last_year, 4),
            notes="Jaargesprek: resultaten, kwaliteit en afspraken transformatieagenda.",
            created_by=manager,
        )
        talks += 1
    KeurmerkEvidence.objects.bulk_create(evidence)
    GgdInspection.objects.bulk_create(inspections)
    RechtmatigheidSignal.objects.bulk_create(signals)
    AgreedAction.objects.bulk_create(actions)
    ExperienceScore.objects.bulk_create(scores)
    counts["accountgesprekken"] = talks
    counts["scores cliëntervaring"] = len(scores)
    return counts
