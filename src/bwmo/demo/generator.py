"""`bwmo demo-data`: a realistic, deterministic demo data set for one region.

The flow of clients is simulated without the database (`simulation`), people get names, dates of
birth and BSNs (`population`), and everything is written in one transaction with `bulk_create`,
in chunks of clients, without a query per row. Calibration and region sizes: see `calibration`.

Per region it writes: demo tariffs for every product, fictional providers and housing
associations (names end in "(demo)"), locations inside the real municipalities (coordinates inside
the CBS boundary), places per product with their history, organisations with one user per role,
and the clients with meldingen, CT advice, beschikkingen, waiting-list entries, placements
(doorstroom linked through `previous`) and their case history. Clients are marked `is_demo`.

Responsibility is decided by the pure engine `bwmo.responsibility.engine` for every melding, with
the client's earlier BW applications and use in the region as history, so the demo shows the same
rule and explanation the application would.

Running it twice for a region changes nothing: when the region already has demo clients (or its
demo central-access user exists), it reports that and stops.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.db.models import Sum
from django.utils.text import slugify

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.accounts.models import Organisation, User
from bwmo.capacity.models import Location, PlaceCapacity, Provider
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client, ClientEvent
from bwmo.core import crypto
from bwmo.core.exceptions import DomainError
from bwmo.demo.finance import write_finance_demo
from bwmo.journeys.constants import (
    BeschikkingOutcome,
    Financing,
    HomelessnessCause,
    MeldingSource,
    MeldingStatus,
)
from bwmo.journeys.decision_rules import last_day_within_years
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding
from bwmo.placements.constants import OutflowDestination, WaitingPriority, WaitingRemovalReason
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.regions.constants import DecisionMaker, ProductCategory, TariffUnit, Track
from bwmo.regions.models import HousingAssociation, Municipality, Product, Region, Tariff
from bwmo.responsibility import engine

from . import calibration as cal
from . import names
from .bulk import Inserter
from .contracts import write_contract_demo
from .geo import Area, compass_name, sample_point
from .housing import write_housing_demo
from .identifiers import bsn_stream
from .population import Identity, identities
from .simulation import (
    BW_PRODUCTS,
    MO_PRODUCTS,
    TRANSITION,
    URGENT,
    BwSimulation,
    Episode,
    FlowResult,
    LocationPlan,
    MoSimulation,
    Person,
    RegionShape,
    Stay,
    Wait,
    facility_weights,
    randint,
)

DEMO_PASSWORD = "bwmo-demo-2026"  # noqa: S105  (the shared demo password, printed by demo-logins)
DEMO_EMAIL_DOMAIN = "demo.bwmo.invalid"
CHUNK = 5_000
BATCH = 2_000
MAX_SCALE = 100.0

# BSN blocks (see identifiers): fixed for the regions of the seeds, free blocks for others.
KNOWN_BSN_BLOCKS = {
    "centraal-gelderland": 0, "zuidoost-drenthe": 1, "ijssel-vecht": 2, "west-brabant-west": 3,
}

# Demo tariffs per day in 2015 (€), before yearly indexation: synthetic but plausible.
TARIFF_RANGES: dict[str, tuple[int, int]] = {
    "BW": (130, 190), "BWI": (195, 260), "GWIB": (95, 130), "ZWIB": (60, 95),
}
MO_TARIFF_RANGE = (60, 110)

# Functioneel beheer may configure regions, capacity and accounts in the admin.
BEHEER_MODELS = {
    "regions": ("region", "regionruleset", "product", "tariff", "housingassociation",
                "municipality"),
    "capacity": ("provider", "location", "placecapacity"),
    "accounts": ("organisation", "user"),
    "housing": ("transferpointsettings", "neighbourhood"),
}
BEHEER_ACTIONS = ("view", "add", "change")

_LOCATION_PREFIX = {
    "BW": "Woonlocatie", "BWI": "Woonlocatie", "GWIB": "Groepswoning",
    "ZWIB": "Team Zelfstandig Wonen", "MONO": "Nachtopvang", "MODV": "Opvang",
    "MOCV": "Crisisopvang", "MOCG": "Gezinsopvang", "MOZJ": "Jongerenopvang",
    "MODO": "Dagopvang",
}
_BW_MOTIVATION = (
    "Langdurige intensieve begeleiding nodig; voortgang wordt jaarlijks geëvalueerd met het "
    "doel van doorstroom naar een lichtere vorm."
)
_REFUSAL_MOTIVATION = {
    BeschikkingOutcome.REFUSED: (
        "Niet voldaan aan de toegangscriteria: de ondersteuning kan ambulant worden geboden."
    ),
    BeschikkingOutcome.OTHER_SUPPORT: (
        "Geen beschermd wonen nodig; ambulante begeleiding vanuit de Wmo is passend."
    ),
    BeschikkingOutcome.WLZ_REFERRAL: (
        "Blijvende behoefte aan toezicht: verwezen naar het CIZ voor een Wlz-indicatie."
    ),
}
_PRIORITY_REASONS = (
    "Ontslag uit kliniek; geen woonplek.",
    "Dreigende dakloosheid.",
    "Onveilige thuissituatie.",
)


class DemoDataError(DomainError):
    """The demo data cannot be generated; the message says why, in Dutch."""


@dataclass
class DemoReport:
    region: str
    skipped: bool = False
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _rng(seed: int, slug: str, scale: float, stream: str) -> random.Random:
    return random.Random(f"bwmo-demo:{seed}:{slug}:{float(scale)!r}:{stream}")


# --- checks ------------------------------------------------------------------------------------


def region_for_demo(slug: str) -> Region:
    """The region, or a Dutch error when the reference data is missing or the slug is unknown."""
    region = Region.objects.select_related("centrumgemeente").filter(slug=slug).first()
    if region is not None:
        return region
    known = list(Region.objects.order_by("slug").values_list("slug", flat=True))
    if not known:
        raise DemoDataError(
            "De referentiegegevens (gemeenten, regio's en producten) zijn nog niet geladen. "
            "Voer eerst 'bwmo load-reference-data' uit."
        )
    raise DemoDataError(f"Onbekende regio '{slug}'. Kies uit: {', '.join(known)}.")


def demo_data_exists(region: Region) -> bool:
    return (
        Client.objects.filter(region=region, is_demo=True).exists()
        or User.objects.filter(username=f"ct.{region.slug}").exists()
    )


# --- the generator ----------------------------------------------------------------------------


def demo_data_generate(*, region_slug: str, seed: int = 42, scale: float = 1.0,
                       today: date, log: Callable[[str], None] | None = None) -> DemoReport:
    """Generate the demo data for one region (see the module docstring)."""
    if not 0 < scale <= MAX_SCALE:
        raise DemoDataError(f"De schaal moet groter dan 0 en hoogstens {MAX_SCALE:g} zijn.")
    if today < date(2016, 1, 1):
        raise DemoDataError("De demodata begint in 2015; kies een datum vanaf 2016.")
    region = region_for_demo(region_slug)
    report = DemoReport(region=region.name)
    if demo_data_exists(region):
        report.skipped = True
        report.message = (
            f"Regio {region.name} heeft al demogegevens; er is niets toegevoegd."
        )
        return report
    writer = _Writer(region=region, seed=seed, scale=scale, today=today, report=report,
                     log=log or (lambda _: None))
    writer.run()
    return report


STATISTICS_MODELS = (Client, ClientEvent, Melding, AdviceRequest, Beschikking, Placement,
                     WaitingListEntry, Location, PlaceCapacity, Provider, User)


def refresh_statistics() -> None:
    """Let the query planner see the new volumes (ANALYZE), as after any bulk load.

    Without statistics SQLite picks the wrong index for the scoping subqueries (e.g. meldingen by
    municipality instead of by client): `clients_for` a consulent took 30 s instead of 15 ms on
    the four demo regions.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # VACUUM (outside a transaction only) also sets the visibility map, so that the
            # scope's index-only scans need not visit every row (378,937 heap fetches for one
            # count at national size before).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for model in STATISTICS_MODELS:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


class _Writer:
    def __init__(self, *, region: Region, seed: int, scale: float, today: date,
                 report: DemoReport, log: Callable[[str], None]) -> None:
        self.region = region
        self.seed = seed
        self.scale = scale
        self.today = today
        self.report = report
        self.log = log
        self.counts: Counter[str] = Counter()

    def rng(self, stream: str) -> random.Random:
        return _rng(self.seed, self.region.slug, self.scale, stream)

    def _timed(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.report.timings[name] = self.report.timings.get(name, 0.0) + now - started
        return now

    # -- setup
    def _load_reference(self) -> None:
        region = self.region
        members = list(Municipality.objects.filter(region=region).order_by("code"))
        if not members:
            raise DemoDataError(f"Regio {region.name} heeft geen gemeenten; laad de "
                                "referentiegegevens opnieuw ('bwmo load-reference-data').")
        self.members = members
        self.muni_by_code = {m.code: m for m in members}
        everyone = list(Municipality.objects.order_by("code").values_list("code", "id",
                                                                            "inhabitants"))
        self.muni_id = {code: pk for code, pk, _ in everyone}
        member_codes = set(self.muni_by_code)
        outside = tuple((code, inh) for code, _, inh in everyone
                        if code not in member_codes and inh)
        self.products = {p.code: p for p in Product.objects.filter(region=region)}
        missing = [c for c in (*BW_PRODUCTS, *MO_PRODUCTS) if c not in self.products]
        if missing:
            raise DemoDataError(
                f"Regio {region.name} mist de producten {', '.join(missing)}; laad de "
                "referentiegegevens opnieuw ('bwmo load-reference-data')."
            )
        member_pairs = tuple((m.code, m.inhabitants or 0) for m in members)
        centrum = region.centrumgemeente.code
        self.shape = RegionShape(
            members=member_pairs, centrumgemeente=centrum, outside=outside,
            facility_weights=facility_weights(member_pairs, centrum),
        )
        reference = (Municipality.objects.filter(region__slug=cal.REFERENCE_REGION)
                     .aggregate(total=Sum("inhabitants"))["total"]) or cal.REFERENCE_INHABITANTS
        inhabitants = sum(inh for _, inh in member_pairs)
        if inhabitants <= 0:
            raise DemoDataError(f"Van de gemeenten van {region.name} is geen inwonertal bekend.")
        self.factor = cal.region_factor(region_inhabitants=inhabitants,
                                        reference_inhabitants=reference, scale=self.scale)
        rule_sets = tuple(
            engine.RuleSetPeriod(rs.valid_from, engine.RuleSet(rs.rule_set))
            for rs in region.rule_sets.order_by("valid_from")
        )
        self.engine_region = engine.RegionConfig(
            municipalities=tuple(sorted(member_codes)), centrumgemeente=centrum,
            decentralisation_date=region.decentralisation_date,
            outside_region_payer=engine.OutsideRegionPayer(region.outside_region_payer),
            mo_decentralised_from=region.mo_decentralised_from, rule_sets=rule_sets,
        )

    def run(self) -> None:
        started = time.perf_counter()
        self._load_reference()
        self.log(f"Regio {self.region.name}: schaalfactor {self.factor:.3f} ten opzichte van "
                 "Centraal Gelderland.")
        bw = BwSimulation(rng=self.rng("bw"), today=self.today, factor=self.factor,
                          shape=self.shape)
        self.bw = bw.run()
        mo = MoSimulation(rng=self.rng("mo"), today=self.today, factor=self.factor,
                          shape=self.shape, persons=bw.persons)
        self.mo = mo.run()
        self.persons = bw.persons
        started = self._timed("simulatie", started)
        self.block = self._bsn_block()
        self.identities = identities(self.persons, rng=self.rng("people"),
                                     bsns=bsn_stream(self.block, self.rng("bsn")),
                                     today=self.today)
        started = self._timed("personen", started)
        with transaction.atomic():
            self._write_configuration()
            started = self._timed("configuratie", started)
            self._write_clients()
            started = self._timed("cliënten", started)
            self.counts.update(write_contract_demo(
                region=self.region, providers=self.providers, today=self.today,
                rng=self.rng("contracts"),
                manager=User.objects.filter(username=f"beleid.{self.region.slug}").first(),
            ))
            started = self._timed("contracten", started)
            self.counts.update(write_finance_demo(self.region, today=self.today,
                                                  rng=self.rng("finance")))
            started = self._timed("financiën", started)
            self.counts.update(write_housing_demo(self.region, today=self.today,
                                                  rng=self.rng("outflow")))
            started = self._timed("uitstroom en wonen", started)
        refresh_statistics()
        self._timed("statistieken", started)
        self.report.counts = dict(self.counts)

    def _bsn_block(self) -> int:
        if self.region.slug in KNOWN_BSN_BLOCKS:
            return KNOWN_BSN_BLOCKS[self.region.slug]
        used = set(KNOWN_BSN_BLOCKS.values())
        for region_id in (Client.objects.filter(is_demo=True).exclude(region=self.region)
                          .order_by().values_list("region", flat=True).distinct()):
            sample = (Client.objects.filter(is_demo=True, region_id=region_id)
                      .exclude(bsn_encrypted="").first())
            if sample is not None:
                used.add(int(sample.bsn[1]))
        free = [block for block in range(10) if block not in used]
        if not free:
            raise DemoDataError("Er is geen vrije reeks demo-BSN's meer voor deze regio.")
        return free[sum(map(ord, self.region.slug)) % len(free)]

    # -- configuration: tariffs, providers, locations, capacity, organisations, users
    def _write_configuration(self) -> None:
        self._write_tariffs()
        self._write_housing_associations()
        self._write_providers_and_locations()
        self._write_capacity()
        self._write_organisations_and_users()

    def _write_tariffs(self) -> None:
        rng = self.rng("tariffs")
        first_start = min((s.start for p in self.persons for e in p.episodes for s in e.stays),
                          default=cal.HISTORY_START.toordinal())
        first_year = min(date.fromordinal(first_start).year, cal.HISTORY_START.year)
        with_tariffs = set(Tariff.objects.filter(product__region=self.region)
                           .values_list("product_id", flat=True))
        rows = []
        for code in sorted(self.products):
            product = self.products[code]
            if product.pk in with_tariffs:
                continue
            low, high = TARIFF_RANGES.get(code, MO_TARIFF_RANGE if product.track == Track.MO
                                          else (90, 150))
            amount = Decimal(rng.randint(low * 100, high * 100)) / 100
            years = list(range(cal.HISTORY_START.year, self.today.year + 1))
            for index, year in enumerate(years):
                start = date(first_year, 1, 1) if index == 0 else date(year, 1, 1)
                end = date(year, 12, 31) if index < len(years) - 1 else None
                rows.append(Tariff(product=product, valid_from=start, valid_to=end,
                                   amount=amount, unit=TariffUnit.DAY))
                factor = Decimal(str(1 + rng.uniform(0.015, 0.035)))
                amount = (amount * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        Tariff.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["tarieven"] += len(rows)

    def _unique_names(self, rng: random.Random, kinds: Sequence[str], cores: Sequence[str],
                      homes: Sequence[Municipality], existing: set[str]) -> list[str]:
        """Fictional names `<kind> <core> <home municipality> (demo)`, distinct cores first."""
        shuffled = list(cores)
        rng.shuffle(shuffled)
        result = []
        for index, home in enumerate(homes):
            core = shuffled[index % len(shuffled)]
            kind = kinds[rng.randrange(len(kinds))]
            name = f"{kind} {core} {home.name} (demo)"
            if name in existing:
                name = f"{kind} {core} {home.name} {self.region.name} (demo)"
            number = 2
            while name in existing:
                name = f"{kind} {core} {home.name} {number} (demo)"
                number += 1
            existing.add(name)
            result.append(name)
        return result

    def _write_housing_associations(self) -> None:
        rng = self.rng("housing")
        count = 2 + len(self.members) // 4
        homes = [self.region.centrumgemeente]
        others = [m for m in self.members if m.pk != self.region.centrumgemeente_id]
        homes += rng.sample(others, min(len(others), count - 1))
        existing = set(HousingAssociation.objects.values_list("name", flat=True))
        associations = [HousingAssociation(name=name) for name in self._unique_names(
            rng, names.HOUSING_KINDS, names.HOUSING_CORES, homes, existing)]
        HousingAssociation.objects.bulk_create(associations)
        through = HousingAssociation.municipalities.through
        links = []
        for association, home in zip(associations, homes, strict=True):
            area = {home.pk} | {m.pk for m in rng.sample(self.members, min(3, len(self.members)))}
            links += [through(housingassociation_id=association.pk, municipality_id=pk)
                      for pk in sorted(area)]
        through.objects.bulk_create(links)
        self.housing_associations = associations
        self.counts["woningcorporaties"] += len(associations)

    def _write_providers_and_locations(self) -> None:
        rng = self.rng("providers")
        plans: list[tuple[FlowResult, LocationPlan]] = (
            [(self.bw, loc) for loc in self.bw.locations]
            + [(self.mo, loc) for loc in self.mo.locations]
        )
        bw_plans = [p for p in plans if p[1].category != ProductCategory.MO]
        mo_plans = [p for p in plans if p[1].category == ProductCategory.MO]
        n_bw = max(3, round(len(bw_plans) / 7))
        n_mo = max(2, round(len(mo_plans) / 5))
        # provider index per location: every provider gets at least one location
        assignment: dict[int, int] = {}
        for group, first, count in ((bw_plans, 0, n_bw), (mo_plans, n_bw - 1, n_mo)):
            indexes = list(range(len(group)))
            rng.shuffle(indexes)
            weights = [1 / (rank + 1) for rank in range(count)]
            for position, index in enumerate(indexes):
                slot = position if position < count else rng.choices(range(count), weights)[0]
                assignment[id(group[index][1])] = first + slot
        total = n_bw + n_mo - 1  # the first MO provider is also the last BW provider
        homes_per_provider: dict[int, Counter[str]] = {i: Counter() for i in range(total)}
        for _, plan in plans:
            homes_per_provider[assignment[id(plan)]][plan.municipality] += 1
        homes = [self.muni_by_code[min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]]
                 for _, c in sorted(homes_per_provider.items())]
        existing = set(Provider.objects.values_list("name", flat=True))
        provider_names = self._unique_names(rng, names.PROVIDER_KINDS, names.PROVIDER_CORES,
                                            homes, existing)
        providers = [
            Provider(name=name, agb_code=f"99{(self.block * 100_000 + i):06d}",
                     quality_sufficient=True)
            for i, name in enumerate(provider_names)
        ]
        Provider.objects.bulk_create(providers)
        through = Provider.regions.through
        through.objects.bulk_create([through(provider_id=p.pk, region_id=self.region.pk)
                                     for p in providers])
        self.providers = providers
        self.counts["zorgaanbieders"] += len(providers)

        areas = {m.code: Area.from_geometry(m.boundary) for m in self.members if m.boundary}
        place_rng = self.rng("places")
        cores: list[str] = []
        locations = []
        self.location_of: dict[tuple[int, int], Location] = {}  # (id(result), loc index)
        for result, plan in plans:
            municipality = self.muni_by_code[plan.municipality]
            first_product = result.sites[plan.sites[0]].product
            prefix = _LOCATION_PREFIX[first_product]
            if first_product == "ZWIB":
                name = f"{prefix} {municipality.name}"
            else:
                if not cores:
                    cores = list(names.LOCATION_CORES)
                    place_rng.shuffle(cores)
                name = f"{prefix} {cores.pop()}"
            lon = lat = None
            neighbourhood = ""
            area = areas.get(plan.municipality)
            if area is not None:
                lon, lat = sample_point(area, place_rng)
                neighbourhood = compass_name(area, lon, lat)
            location = Location(
                provider=providers[assignment[id(plan)]], name=name,
                address=names.street_address(place_rng), municipality=municipality,
                neighbourhood=neighbourhood,
                latitude=None if lat is None else Decimal(f"{lat:.6f}"),
                longitude=None if lon is None else Decimal(f"{lon:.6f}"),
                location_type=plan.category,
            )
            locations.append(location)
            self.location_of[(id(result), plan.index)] = location
        # Names distinct within the region: add the municipality, then a number.
        for location in _repeated(locations):
            location.name = f"{location.name} {location.municipality.name}"
        numbering: Counter[str] = Counter()
        for location in _repeated(locations):
            numbering[location.name] += 1
            location.name = f"{location.name} {numbering[location.name]}"
        Location.objects.bulk_create(locations, batch_size=BATCH)
        self.counts["locaties"] += len(locations)

    def site_location(self, result: FlowResult, site: int) -> Location:
        return self.location_of[(id(result), result.sites[site].location)]

    def _write_capacity(self) -> None:
        rows: dict[tuple[int, int, int], PlaceCapacity] = {}
        for result in (self.bw, self.mo):
            for site_index, day, places, reason in result.capacity_rows:
                site = result.sites[site_index]
                location = self.site_location(result, site_index)
                product = self.products[site.product]
                rows[(location.pk, product.pk, day)] = PlaceCapacity(  # last change of a day wins
                    location=location, product=product, places=places,
                    valid_from=date.fromordinal(day), reason=reason,
                )
        PlaceCapacity.objects.bulk_create(list(rows.values()), batch_size=BATCH)
        self.counts["capaciteitsregels"] += len(rows)

    def _write_organisations_and_users(self) -> None:
        rng = self.rng("users")
        region = self.region
        taken = set(User.objects.values_list("username", flat=True))
        password = make_password(DEMO_PASSWORD)
        orgs: list[Organisation] = []
        users: list[tuple[Organisation, str, Role]] = []

        def add_user(org: Organisation, base: str, role: Role) -> None:
            username = base
            if username in taken:
                username = f"{base}-{region.slug}"
            number = 2
            while username in taken:
                username = f"{base}-{number}"
                number += 1
            taken.add(username)
            users.append((org, username, role))

        for municipality in self.members:
            org = Organisation(name=f"Gemeente {municipality.name}",
                               kind=OrganisationKind.MUNICIPALITY, region=region,
                               municipality=municipality)
            orgs.append(org)
            add_user(org, f"consulent.{slugify(municipality.name)}", Role.WMO_CONSULENT)
        ct = Organisation(name=f"Centrale toegang {region.name}",
                          kind=OrganisationKind.CENTRAL_ACCESS, region=region)
        orgs.append(ct)
        add_user(ct, f"ct.{region.slug}", Role.CT_ADVISEUR)
        regional = Organisation(name=f"Regio {region.name}", kind=OrganisationKind.REGION,
                                region=region)
        orgs.append(regional)
        add_user(regional, f"beleid.{region.slug}", Role.BELEID)
        add_user(regional, f"privacy.{region.slug}", Role.PRIVACY_OFFICER)
        add_user(regional, f"beheer.{region.slug}", Role.FUNCTIONEEL_BEHEER)
        for provider in self.providers:
            org = Organisation(name=provider.name, kind=OrganisationKind.PROVIDER, region=region,
                               provider=provider)
            orgs.append(org)
            add_user(org, f"aanbieder.{_short_slug(provider.name)}", Role.ZORGAANBIEDER)
        for association in self.housing_associations:
            org = Organisation(name=association.name,
                               kind=OrganisationKind.HOUSING_ASSOCIATION, region=region,
                               housing_association=association)
            orgs.append(org)
            add_user(org, f"corporatie.{_short_slug(association.name)}", Role.WONINGCORPORATIE)
        Organisation.objects.bulk_create(orgs)
        user_rows = []
        for org, username, role in users:
            _, given, prefix, surname = names.person_name(rng)
            user_rows.append(User(
                username=username, password=password, organisation=org, role=role,
                first_name=given.split()[0], last_name=f"{prefix} {surname}".strip(),
                email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                is_staff=role == Role.FUNCTIONEEL_BEHEER,
            ))
        User.objects.bulk_create(user_rows)
        beheer = [u for u in user_rows if u.role == Role.FUNCTIONEEL_BEHEER]
        permissions = list(Permission.objects.filter(
            content_type__app_label__in=list(BEHEER_MODELS),
            codename__in=[f"{action}_{model}" for models in BEHEER_MODELS.values()
                          for model in models for action in BEHEER_ACTIONS],
        ))
        through = User.user_permissions.through
        through.objects.bulk_create([through(user_id=u.pk, permission_id=p.pk)
                                     for u in beheer for p in permissions])
        self.counts["organisaties"] += len(orgs)
        self.counts["gebruikers"] += len(user_rows)
        self.consulent_by_muni = {u.organisation.municipality_id: u for u in user_rows
                                  if u.role == Role.WMO_CONSULENT}
        self.ct_user = next(u for u in user_rows if u.role == Role.CT_ADVISEUR)
        self.provider_user = {u.organisation.provider_id: u for u in user_rows
                              if u.role == Role.ZORGAANBIEDER}

    # -- clients
    def _write_clients(self) -> None:
        decisions = self._decide_responsibility()
        self.rng_journeys = self.rng("journeys")
        self.sites_of: dict[tuple[int, str], list[int]] = {}
        for result in (self.bw, self.mo):
            for site in result.sites:
                self.sites_of.setdefault((id(result), site.product), []).append(site.index)
        inserters = _Inserters()
        total = len(self.persons)
        for begin in range(0, total, CHUNK):
            chunk = self.persons[begin:begin + CHUNK]
            ids = self.identities[begin:begin + CHUNK]
            _ChunkWriter(self, chunk, ids, decisions, inserters).write()
            self.log(f"  {min(begin + CHUNK, total)} van {total} cliënten geschreven")

    def _decide_responsibility(self) -> dict[int, engine.Decision]:
        """The engine's decision for every melding (keyed by id(episode))."""
        decisions: dict[int, engine.Decision] = {}
        for person in self.persons:
            history: list[engine.HistoryEntry] = []
            for episode in sorted(person.episodes, key=lambda e: e.reported):
                melding = engine.Melding(
                    date=date.fromordinal(episode.reported), municipality=episode.municipality,
                    origin=person.origin, track=engine.Track(episode.track),
                )
                decision = engine.decide(self.engine_region, melding, history)
                decisions[id(episode)] = decision
                # each item records who was responsible, as bwmo stores it (no flip back)
                if episode.aanvraag is not None:
                    history.append(engine.HistoryEntry(
                        kind=engine.EntryKind.APPLICATION, track=engine.Track(episode.track),
                        municipality=episode.municipality,
                        start=date.fromordinal(episode.aanvraag),
                        responsible=decision.responsible,
                    ))
                for stay in episode.stays:
                    history.append(engine.HistoryEntry(
                        kind=engine.EntryKind.USE, track=engine.Track(episode.track),
                        municipality=self.shape_site_municipality(episode, stay),
                        start=date.fromordinal(stay.start),
                        end=None if stay.end is None else date.fromordinal(stay.end),
                        responsible=decision.responsible,
                    ))
        return decisions

    def shape_site_municipality(self, episode: Episode, stay: Stay) -> str:
        result = self.bw if episode.track == "BW" else self.mo
        return result.sites[stay.site].municipality


def _repeated(locations: Sequence[Location]) -> list[Location]:
    counts = Counter(location.name for location in locations)
    return [location for location in locations if counts[location.name] > 1]


def _short_slug(name: str) -> str:
    """`Stichting Het Anker Arnhem (demo)` → `het-anker-arnhem`."""
    words = name.replace("(demo)", "").split()
    for kind in sorted((*names.PROVIDER_KINDS, *names.HOUSING_KINDS), key=len, reverse=True):
        kind_words = kind.split()
        if words[:len(kind_words)] == kind_words:
            words = words[len(kind_words):]
            break
    return slugify(" ".join(words))


_DEST_LABEL = dict(OutflowDestination.choices)
_OUTCOME_LABEL = dict(BeschikkingOutcome.choices)
_REMOVAL_LABEL = dict(WaitingRemovalReason.choices)
_SOURCE_LABEL = dict(MeldingSource.choices)
_CAUSE_LABEL = dict(HomelessnessCause.choices)


def _d(day: int | None) -> date | None:
    return None if day is None else date.fromordinal(day)


CLIENT_COLUMNS = (
    "given_names", "surname_prefix", "surname", "date_of_birth", "origin_municipality_id",
    "registration_municipality_id", "responsible_municipality_id", "region_id", "is_demo",
    "no_bsn_reason", "bsn_encrypted", "bsn_index",
)
MELDING_COLUMNS = (
    "client_id", "track", "source", "reported_on", "municipality_id", "origin_municipality_id",
    "presenting_problems", "homelessness_cause", "planned_start", "aanvraag_on",
    "investigation_completed_on", "status", "responsible_municipality_id", "client_status",
    "responsibility_rule", "responsibility_explanation", "responsibility_facts", "created_by_id",
)
ADVICE_COLUMNS = (
    "melding_id", "question", "requested_on", "requested_by_id", "recommendation", "reasoning",
    "answered_on", "answered_by_id",
)
BESCHIKKING_COLUMNS = (
    "melding_id", "client_id", "outcome", "product_id", "financing", "provider_id", "start_date",
    "end_date", "decided_on", "motivation", "duration_motivation", "responsible_municipality_id",
    "decided_by_id", "decision_maker", "pgb_contracted_supply_unsuitable",
    "pgb_budget_holder_available", "pgb_provider_quality_sufficient", "client_status",
    "responsibility_rule", "responsibility_explanation", "responsibility_facts",
)
PLACEMENT_COLUMNS = (
    "client_id", "beschikking_id", "location_id", "product_id", "responsible_municipality_id",
    "start_date", "end_date", "outflow_destination", "previous_id", "is_pgb",
    "registered_woningzoekende_on", "perspective_independent",
)
WAIT_COLUMNS = (
    "client_id", "product_id", "location_id", "beschikking_id", "responsible_municipality_id",
    "entered_on", "priority", "priority_reason", "removed_on", "removal_reason",
)
EVENT_COLUMNS = ("client_id", "kind", "occurred_on", "actor_id", "summary", "data")


class _Inserters:
    def __init__(self) -> None:
        self.client = Inserter(Client, CLIENT_COLUMNS)
        self.melding = Inserter(Melding, MELDING_COLUMNS)
        self.advice = Inserter(AdviceRequest, ADVICE_COLUMNS)
        self.beschikking = Inserter(Beschikking, BESCHIKKING_COLUMNS)
        self.placement = Inserter(Placement, PLACEMENT_COLUMNS)
        self.wait = Inserter(WaitingListEntry, WAIT_COLUMNS)
        self.event = Inserter(ClientEvent, EVENT_COLUMNS)


class _ChunkWriter:
    """Writes one chunk of people and everything that hangs off them, as plain rows."""

    def __init__(self, writer: _Writer, persons: Sequence[Person], ids: Sequence[Identity],
                 decisions: dict[int, engine.Decision], inserters: _Inserters) -> None:
        self.w = writer
        self.persons = persons
        self.ids = ids
        self.decisions = decisions
        self.ins = inserters
        self.rng = writer.rng_journeys
        self.events: list[tuple[object, ...]] = []
        self.muni_name = {m.code: m.name for m in writer.members}

    def result(self, episode: Episode) -> FlowResult:
        return self.w.bw if episode.track == "BW" else self.w.mo

    def location(self, episode: Episode, site: int) -> Location:
        return self.w.site_location(self.result(episode), site)

    def product(self, episode: Episode, site: int) -> Product:
        return self.w.products[self.result(episode).sites[site].product]

    def actor(self, municipality_code: str, track: str) -> int:
        if track == "MO":
            return self.w.ct_user.pk
        municipality = self.w.muni_by_code.get(municipality_code)
        user = self.w.consulent_by_muni.get(municipality.pk) if municipality else None
        return (user or self.w.ct_user).pk

    def event(self, client_id: int, kind: str, day: int, summary: str, actor_id: int | None,
              data: dict[str, object] | None = None) -> None:
        self.events.append((client_id, kind, date.fromordinal(day), actor_id, summary[:500],
                            data or {}))

    def write(self) -> None:
        counts = self.w.counts
        client_ids = self.ins.client.insert(self._clients(), returning=True)
        counts["cliënten"] += len(client_ids)
        pairs = list(zip(self.persons, client_ids, strict=True))

        rows = []
        episodes: list[Episode] = []
        for person, client_id in pairs:
            for number, episode in enumerate(person.episodes):
                rows.append(self._melding(client_id, episode))
                episodes.append(episode)
                if number == 0:
                    self.event(client_id, EventKind.REGISTERED, episode.reported,
                               f"Geregistreerd bij {self.muni_name[episode.municipality]}.",
                               self.actor(episode.municipality, episode.track))
        melding_ids = self.ins.melding.insert(rows, returning=True)
        melding_of = {id(e): pk for e, pk in zip(episodes, melding_ids, strict=True)}
        counts["meldingen"] += len(melding_ids)

        advice, beschikkingen, keys = [], [], []
        for person, client_id in pairs:
            for episode in person.episodes:
                melding_id = melding_of[id(episode)]
                self._journey_events(client_id, episode)
                if episode.advice is not None:
                    advice.append(self._advice(episode, melding_id))
                if episode.outcome is None:
                    continue
                beschikkingen.append(self._beschikking(client_id, episode, melding_id))
                keys.append(("episode", id(episode)))
                for stay in episode.stays[1:]:
                    beschikkingen.append(
                        self._doorstroom_beschikking(client_id, episode, melding_id, stay))
                    keys.append(("stay", id(stay)))
        self.ins.advice.insert(advice)
        beschikking_ids = self.ins.beschikking.insert(beschikkingen, returning=True)
        beschikking_of = dict(zip(keys, beschikking_ids, strict=True))
        counts["adviesvragen"] += len(advice)
        counts["beschikkingen"] += len(beschikking_ids)

        placement_of: dict[int, int] = {}
        depth = max((len(e.stays) for p in self.persons for e in p.episodes), default=0)
        for level in range(depth):
            rows, stays = [], []
            for person, client_id in pairs:
                for episode in person.episodes:
                    if len(episode.stays) <= level:
                        continue
                    stay = episode.stays[level]
                    key = ("episode", id(episode)) if level == 0 else ("stay", id(stay))
                    rows.append(self._placement(client_id, episode, stay, beschikking_of[key],
                                                placement_of))
                    stays.append(stay)
            ids = self.ins.placement.insert(rows, returning=True)
            for stay, pk in zip(stays, ids, strict=True):
                placement_of[id(stay)] = pk
                counts["plaatsingen BW" if stay.episode.track == "BW" else "verblijven MO"] += 1

        waits = []
        for person, client_id in pairs:
            for episode in person.episodes:
                for wait in episode.waits:
                    waits.append(self._wait(client_id, episode, wait, beschikking_of))
        self.ins.wait.insert(waits)
        counts["wachtlijstregels"] += len(waits)

        self.ins.event.insert(self.events)
        counts["gebeurtenissen"] += len(self.events)

    # rows
    def _clients(self) -> list[tuple[object, ...]]:
        w = self.w
        region_id = w.region.pk
        rows = []
        for person, identity in zip(self.persons, self.ids, strict=True):
            last = max(person.episodes, key=lambda e: e.reported)
            responsible = self.decisions[id(last)].responsible
            bsn = identity.bsn
            rows.append((
                identity.given_names, identity.surname_prefix, identity.surname,
                identity.date_of_birth,
                w.muni_id.get(person.origin) if person.origin else None,
                w.muni_id[person.registration], w.muni_id[responsible], region_id, True,
                person.no_bsn_reason,
                crypto.encrypt(bsn) if bsn else "",
                crypto.blind_index(bsn) if bsn else None,
            ))
        return rows

    def _melding(self, client_id: int, episode: Episode) -> tuple[object, ...]:
        w = self.w
        decision = self.decisions[id(episode)]
        if episode.withdrawn:
            status = MeldingStatus.WITHDRAWN
        elif episode.outcome is None:
            status = MeldingStatus.OPEN
        else:
            status = MeldingStatus.DECIDED
        problems = names.BW_PROBLEMS if episode.track == "BW" else names.MO_PROBLEMS
        origin = episode.person.origin
        return (
            client_id, episode.track, episode.source, date.fromordinal(episode.reported),
            w.muni_id[episode.municipality], w.muni_id.get(origin) if origin else None,
            problems[self.rng.randrange(len(problems))], episode.cause,
            _d(episode.decided) if episode.outcome == "granted" else None,
            _d(episode.aanvraag), _d(episode.investigation_done), status,
            w.muni_id[decision.responsible], decision.client_status.value, decision.rule.value,
            decision.explanation, decision.facts, self.actor(episode.municipality, episode.track),
        )

    def _journey_events(self, client_id: int, episode: Episode) -> None:
        actor = self.actor(episode.municipality, episode.track)
        text = (f"Melding {episode.track} bij {self.muni_name[episode.municipality]} (bron: "
                f"{_SOURCE_LABEL[episode.source].lower()}).")
        if episode.cause:
            text += f" Oorzaak dakloosheid: {_CAUSE_LABEL[episode.cause].lower()}."
        self.event(client_id, EventKind.MELDING, episode.reported, text, actor)
        decision = self.decisions[id(episode)]
        name = self.muni_name.get(decision.responsible, decision.responsible)
        self.event(client_id, EventKind.RESPONSIBILITY, episode.reported,
                   f"Verantwoordelijke gemeente: {name}.", actor, {"rule": decision.rule.value})
        if episode.advice is not None:
            asked, answered = episode.advice
            self.event(client_id, EventKind.ADVICE_REQUESTED, asked,
                       "Advies gevraagd aan de centrale toegang.", actor)
            if answered is not None:
                self.event(client_id, EventKind.ADVICE_GIVEN, answered,
                           "Advies van de centrale toegang ontvangen.", self.w.ct_user.pk)
        if episode.aanvraag is not None:
            self.event(client_id, EventKind.AANVRAAG, episode.aanvraag,
                       f"Aanvraag {episode.track} ontvangen.", actor)

    def _advice(self, episode: Episode, melding_id: int) -> tuple[object, ...]:
        assert episode.advice is not None
        asked, answered = episode.advice
        rng = self.rng
        recommendation = reasoning = ""
        if answered is not None:
            recommendation = names.ADVICE_RECOMMENDATIONS[
                rng.randrange(len(names.ADVICE_RECOMMENDATIONS))]
            reasoning = "Op basis van het gesprek met cliënt en de informatie van de verwijzer."
        return (
            melding_id, names.ADVICE_QUESTIONS[rng.randrange(len(names.ADVICE_QUESTIONS))],
            date.fromordinal(asked), self.actor(episode.municipality, episode.track),
            recommendation, reasoning, _d(answered),
            self.w.ct_user.pk if answered is not None else None,
        )

    def _decision_columns(self, episode: Episode) -> tuple[object, ...]:
        """decision_maker … responsibility_facts: who decided and the responsibility behind it."""
        decision = self.decisions[id(episode)]
        maker = DecisionMaker.REGIONAL if episode.track == "MO" else self.w.region.decision_maker
        pgb = True if episode.pgb else None
        return (maker, pgb, pgb, pgb, decision.client_status.value, decision.rule.value,
                decision.explanation, decision.facts)

    def _granted(self, episode: Episode, product: Product, start: int,
                 ) -> tuple[str, date, date | None, str]:
        """(financing, start, end, duration motivation) of a granted beschikking for `product`."""
        begin = date.fromordinal(start)
        end = None
        motivation = ""
        if product.code == "GWIB":
            end = last_day_within_years(begin, 2)
        elif product.code in ("BW", "BWI"):
            motivation = _BW_MOTIVATION
        return (Financing.PGB if episode.pgb else Financing.ZIN), begin, end, motivation

    def _beschikking(self, client_id: int, episode: Episode, melding_id: int,
                     ) -> tuple[object, ...]:
        assert episode.decided is not None and episode.outcome is not None
        outcome = episode.outcome
        responsible = self.w.muni_id[self.decisions[id(episode)].responsible]
        actor = self.actor(episode.municipality, episode.track)
        decided = date.fromordinal(episode.decided)
        if outcome != BeschikkingOutcome.GRANTED:
            self.event(client_id, EventKind.BESCHIKKING, episode.decided,
                       f"Beschikking: {_OUTCOME_LABEL[outcome].lower()}.", actor)
            maker, *_, status, rule, explanation, facts = self._decision_columns(episode)
            return (melding_id, client_id, outcome, None, "", None, None, None, decided,
                    _REFUSAL_MOTIVATION[BeschikkingOutcome(outcome)], "", responsible, actor,
                    maker, None, None, None, status, rule, explanation, facts)
        assert episode.product is not None
        product = self.w.products[episode.product]
        start = episode.stays[0].start if episode.stays else episode.decided
        financing, begin, end, motivation = self._granted(episode, product, start)
        provider_id = (self.location(episode, episode.stays[0].site).provider_id
                       if episode.stays else None)
        self.event(client_id, EventKind.BESCHIKKING, episode.decided,
                   f"Beschikking: {_OUTCOME_LABEL[outcome].lower()}, {product.name} "
                   f"({'pgb' if episode.pgb else 'zorg in natura'}).", actor)
        return (melding_id, client_id, outcome, product.pk, financing, provider_id, begin, end,
                decided, "", motivation, responsible, actor, *self._decision_columns(episode))

    def _doorstroom_beschikking(self, client_id: int, episode: Episode, melding_id: int,
                                stay: Stay) -> tuple[object, ...]:
        product = self.product(episode, stay.site)
        financing, begin, end, motivation = self._granted(episode, product, stay.start)
        actor = self.actor(episode.municipality, episode.track)
        self.event(client_id, EventKind.BESCHIKKING, stay.decided,
                   f"Beschikking doorstroom: {product.name}.", actor)
        return (melding_id, client_id, BeschikkingOutcome.GRANTED, product.pk, financing,
                self.location(episode, stay.site).provider_id, begin, end,
                date.fromordinal(stay.decided), "Doorstroom volgens het doorstroomplan.",
                motivation, self.w.muni_id[self.decisions[id(episode)].responsible], actor,
                *self._decision_columns(episode))

    def _placement(self, client_id: int, episode: Episode, stay: Stay, beschikking_id: int,
                   placement_of: dict[int, int]) -> tuple[object, ...]:
        location = self.location(episode, stay.site)
        product = self.product(episode, stay.site)
        perspective = episode.track == "BW" and episode.career in (cal.SHORT, cal.MEDIUM)
        registered = None
        if perspective and stay.previous is None:
            day = stay.start + randint(self.rng, 3, 30)
            if day <= self.w.today.toordinal() and (stay.end is None or day <= stay.end):
                registered = date.fromordinal(day)
        previous = stay.previous
        actor = self.w.provider_user[location.provider_id].pk
        if previous is None:
            self.event(client_id, EventKind.PLACEMENT_STARTED, stay.start,
                       f"Plaatsing gestart: {product.name} bij {location.name}.", actor)
        else:
            self.event(client_id, EventKind.DOORSTROOM, stay.start,
                       f"Doorstroom van {self.w.products[previous.product].name} naar "
                       f"{product.name} ({location.name}).", actor)
        if stay.end is not None and stay.destination != OutflowDestination.DOORSTROOM:
            self.event(client_id, EventKind.PLACEMENT_ENDED, stay.end,
                       f"Plaatsing beëindigd: {_DEST_LABEL[stay.destination].lower()}.", actor)
        if registered is not None:
            self.event(client_id, EventKind.WONINGZOEKENDE, registered.toordinal(),
                       "Ingeschreven als woningzoekende.", actor)
        return (
            client_id, beschikking_id, location.pk, product.pk,
            self.w.muni_id[self.decisions[id(episode)].responsible],
            date.fromordinal(stay.start), _d(stay.end),
            stay.destination if stay.end is not None else "",
            placement_of[id(previous)] if previous is not None else None,
            episode.pgb, registered, perspective,
        )

    def _wait(self, client_id: int, episode: Episode, wait: Wait,
              beschikking_of: dict[tuple[str, int], int]) -> tuple[object, ...]:
        result = self.result(episode)
        product = self.w.products[wait.product]
        location_id = None
        if self.rng.random() < 0.5:
            if wait.site is not None:
                location_id = self.w.site_location(result, wait.site).pk
            else:
                sites = self.w.sites_of[(id(result), wait.product)]
                location_id = self.w.site_location(
                    result, sites[self.rng.randrange(len(sites))]).pk
        beschikking_id = None
        if wait.tier == TRANSITION:
            placed = [s for s in episode.stays[1:]
                      if s.product == wait.product and s.start == wait.removed]
            if placed:
                beschikking_id = beschikking_of.get(("stay", id(placed[0])))
        else:
            beschikking_id = beschikking_of.get(("episode", id(episode)))
        urgent = wait.tier == URGENT
        what = "doorstroom naar " if wait.tier == TRANSITION else ""
        self.event(client_id, EventKind.WAITING_LIST, wait.entered,
                   f"Op de wachtlijst voor {what}{product.name}.", None)
        if wait.removed is not None:
            self.event(client_id, EventKind.WAITING_LIST_REMOVED, wait.removed,
                       f"Van de wachtlijst: {_REMOVAL_LABEL[wait.reason].lower()}.", None)
        return (
            client_id, product.pk, location_id, beschikking_id,
            self.w.muni_id[self.decisions[id(episode)].responsible],
            date.fromordinal(wait.entered),
            WaitingPriority.URGENT if urgent else WaitingPriority.NORMAL,
            (_PRIORITY_REASONS[self.rng.randrange(len(_PRIORITY_REASONS))] if urgent else ""),
            _d(wait.removed), wait.reason,
        )
