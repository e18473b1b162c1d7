"""The main menu per role. Apps add their entries here, so the menu is defined in one place."""

from dataclasses import dataclass

from django.urls import reverse

from .constants import Role


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    roles: frozenset[str]
    description: str = ""


ALL_ROLES = frozenset(Role.values)

NAV_ENTRIES: list[NavEntry] = [
    NavEntry("home", "Start", ALL_ROLES),
    NavEntry(
        "clients:search", "Cliënten",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER}),
        "Zoek een cliënt of registreer een nieuwe cliënt.",
    ),
    NavEntry(
        "audit:log", "Toegangslog", frozenset({Role.PRIVACY_OFFICER}),
        "Wie heeft welke cliëntgegevens ingezien of gewijzigd, wanneer en waarom.",
    ),
    NavEntry(
        "clients:bsn-referrals", "Dubbel BSN", frozenset({Role.CT_ADVISEUR}),
        "Registraties met een BSN dat al elders geregistreerd is: beoordelen en afstemmen.",
    ),
    NavEntry(
        "retention:overview", "Bewaartermijnen", frozenset({Role.PRIVACY_OFFICER}),
        "Vernietiging na de bewaartermijn goedkeuren, bewaarplichten en verzoeken van cliënten.",
    ),
    NavEntry(
        "journeys:worklist", "Werklijst", frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR}),
        "Open meldingen met hun Wmo-termijnen, en de besluiten van uw gemeente.",
    ),
    NavEntry(
        "journeys:my-cases", "Mijn zaken", frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR}),
        "De meldingen die u zelf behandelt, met hun termijnen.",
    ),
    NavEntry(
        "journeys:advice-queue", "Adviesvragen", frozenset({Role.CT_ADVISEUR}),
        "Vragen van de lokale toegang aan de centrale toegang.",
    ),
    NavEntry(
        "journeys:awaiting-decision", "Wacht op besluit", frozenset({Role.CT_ADVISEUR}),
        "Aanvragen waarover de centrale toegang onder mandaat besluit: aanvraag en toets zijn er.",
    ),
    NavEntry(
        "followups:herindicatie-list", "Vervolgstappen",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR}),
        "Herindicaties van aflopende beschikkingen, voortgangsgesprekken en bezwaren.",
    ),
    # Capacity, waiting list and placement (issue #4)
    NavEntry(
        "placements:list", "Plaatsingen",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER}),
        "Wie waar geplaatst is; zorg beëindigen, doorstroom en inschrijving woningzoekende.",
    ),
    NavEntry(
        "placements:waiting_list", "Wachtlijst",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER}),
        "Wie wacht op een plaats, hoe lang en met welke prioriteit; plaatsen vanaf de wachtlijst.",
    ),
    NavEntry(
        "placements:signals", "Signalen",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER}),
        "Groepswonen bijna 2 jaar, inschrijving woningzoekende, zorg na einde beschikking.",
    ),
    NavEntry(
        "capacity:overview", "Capaciteit",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.BELEID}),
        "Plaatsen, bezetting en vrije plaatsen per locatie; wachtlijst per product.",
    ),
    NavEntry(
        "capacity:spreading", "Spreiding",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.BELEID}),
        "Plaatsen per gemeente per 10.000 inwoners tegen het regiogemiddelde.",
    ),
    NavEntry(
        "capacity:my_locations", "Mijn locaties", frozenset({Role.ZORGAANBIEDER}),
        "Uw locaties, plaatsen en bezetting; het aantal plaatsen wijzigen.",
    ),
    # iWmo message exchange (issue #12)
    NavEntry(
        "iwmo:portal", "Berichtenbox iWmo", frozenset({Role.ZORGAANBIEDER}),
        "Toewijzingen ophalen; start, stop, verzoeken en declaraties inlezen.",
    ),
    NavEntry(
        "iwmo:verzoeken", "Verzoeken aanbieders", frozenset({Role.WMO_CONSULENT}),
        "Verzoeken om toewijzing of wijziging van zorgaanbieders (iWmo).",
    ),
    NavEntry(
        "register_import:import", "Register overnemen", frozenset({Role.FUNCTIONEEL_BEHEER}),
        "Het cliëntregister van de centrumgemeente overnemen (CSV of Excel), eerst als proef.",
    ),
    # Finance: budgets, pot, realisation, statements, scenarios (issue #11)
    NavEntry(
        "finance:overview", "Financiën", frozenset({Role.BELEID}),
        "Budget en realisatie per gemeente, de regionale pot, afrekeningen en scenario's tot 2032.",
    ),
    # Woonplaatsbeginsel settlement (issue #3)
    NavEntry(
        "finance:settlement", "Woonplaatsbeginsel",
        frozenset({Role.BELEID, Role.FUNCTIONEEL_BEHEER}),
        "Verrekening tussen gemeenten: wie betaalt wie, per kwartaal en per jaar.",
    ),
    # Kwartaalmonitor (issue #13)
    NavEntry(
        "monitor:dashboard", "Kwartaalmonitor",
        frozenset({Role.BELEID, Role.FUNCTIONEEL_BEHEER}),
        "Kerncijfers per kwartaal met trends, per gemeente; rapport als PDF en Excel.",
    ),
    # Contracts, quality and account management (issue #14)
    NavEntry(
        "contracts:list", "Contracten",
        frozenset({Role.BELEID, Role.ZORGAANBIEDER}),
        "Contracten en tarieven, kwaliteit (keurmerk, GGD, rechtmatigheid) en accountgesprekken.",
    ),
    # Map, partner export and local base infrastructure (issue #13)
    NavEntry(
        "maps:map", "Kaart",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.BELEID, Role.WONINGCORPORATIE}),
        "De locaties naar soort met hun plaatsen, en de spreiding per 10.000 inwoners op de kaart.",
    ),
    NavEntry(
        "basisinfrastructuur:overview", "Basisinfrastructuur", frozenset({Role.BELEID}),
        "Het basistakenpakket per gemeente naast haar instroom per 10.000 inwoners.",
    ),
    NavEntry(
        "partners:export-form", "Export ketenpartners", frozenset({Role.BELEID}),
        "Geaggregeerde cijfers per kwartaal voor ketenpartners, kleine aantallen afgeschermd.",
    ),
    # Outflow and housing: the regional transfer point (issue 10)
    NavEntry(
        "housing:uitstromers", "Uitstromers", frozenset({Role.ZORGAANBIEDER, Role.CT_ADVISEUR}),
        "Cliënten die klaar zijn voor een eigen woning; aanmelden bij het transferpunt.",
    ),
    NavEntry(
        "housing:offers", "Woningaanbod", frozenset({Role.WONINGCORPORATIE, Role.CT_ADVISEUR}),
        "Woningen van corporaties voor uitstromers; aanbieden en intrekken.",
    ),
    NavEntry(
        "housing:contingents", "Contingenten", frozenset({Role.WONINGCORPORATIE, Role.CT_ADVISEUR}),
        "Woningen per corporatie, gemeente en jaar uit de prestatieafspraken, met het gebruik.",
    ),
    NavEntry(
        "housing:matching", "Matching", frozenset({Role.CT_ADVISEUR}),
        "Uitstromers en woningen optimaal en uitgelegd koppelen.",
    ),
    NavEntry(
        "housing:uitstroomtafel", "Uitstroomtafel", frozenset({Role.CT_ADVISEUR}),
        "Voorstellen bevestigen of afwijzen; stilstand per stap.",
    ),
    NavEntry(
        "housing:candidates", "Kandidaten", frozenset({Role.WONINGCORPORATIE}),
        "Bevestigde kandidaten voor uw woningen accepteren of afwijzen.",
    ),
    NavEntry(
        "housing:aftercare-list", "Nazorg", frozenset({Role.ZORGAANBIEDER, Role.CT_ADVISEUR}),
        "Strippenkaart, checks na 3, 6 en 12 maanden en terugval na uitstroom.",
    ),
]


# Functioneel beheer (and the platform administrator) reach the Django admin, scoped to their
# region by `admin_scope`; it is the last entry of the menu.
ADMIN_ENTRY = NavEntry(
    "admin:index", "Beheer", frozenset({Role.FUNCTIONEEL_BEHEER}),
    "Gebruikers, organisaties, producten, tarieven en regels van uw regio beheren.",
)


def nav_items_for(user, current_path: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    from .admin_scope import may_use_admin

    items = []
    for entry in NAV_ENTRIES:
        if user.role not in entry.roles and not (user.is_superuser and not user.role):
            continue
        url = reverse(entry.url_name)
        current = current_path == url if entry.url_name == "home" else current_path.startswith(url)
        items.append(
            {"url": url, "label": entry.label, "current": current, "description": entry.description}
        )
    if may_use_admin(user):
        url = reverse(ADMIN_ENTRY.url_name)
        items.append({"url": url, "label": ADMIN_ENTRY.label,
                      "current": current_path.startswith(url),
                      "description": ADMIN_ENTRY.description})
    return items
