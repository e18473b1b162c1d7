"""Titles and themes of the monitor's figures (the definitions are in docs/kpi.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Definition:
    name: str
    title: str
    theme: str
    definition: str
    chart: bool = False  # shown as a trend chart over 8 quarters


STROMEN = "Cliënten en stromen"
WACHTEN = "Wachtlijst en termijnen"
KENMERKEN = "Kenmerken"
CAPACITEIT = "Plaatsen en financiën"
MO = "Maatschappelijke opvang"
THEMES = (STROMEN, WACHTEN, KENMERKEN, CAPACITEIT, MO)

DEFINITIONS: tuple[Definition, ...] = (
    Definition("clienten_in_zorg", "Cliënten in zorg", STROMEN,
               "Cliënten met een lopende BW-plaatsing op de laatste dag van het kwartaal.", True),
    Definition("instroom", "Instroom", STROMEN,
               "Cliënten met een nieuwe BW-plaatsing (geen doorstroom) in het kwartaal.", True),
    Definition("doorstroom", "Doorstroom", STROMEN,
               "BW-plaatsingen in het kwartaal die een vorige plaatsing voortzetten."),
    Definition("uitstroom", "Uitstroom", STROMEN,
               "Cliënten van wie de BW-plaatsing in het kwartaal eindigde zonder vervolg.", True),
    Definition("uitstroombestemmingen", "Uitstroombestemmingen", STROMEN,
               "De uitstroom naar bestemming."),
    Definition("terugval_12_maanden", "Terugval binnen 12 maanden", STROMEN,
               "Deel van de uitstromers van een jaar eerder dat binnen 365 dagen weer in BW of "
               "MO kwam.", True),
    Definition("terugval_na_nazorg", "Terugval na nazorg", STROMEN,
               "Terugval uitgesplitst naar nazorg na uitstroom."),
    Definition("meldingen", "Meldingen BW", WACHTEN, "BW-meldingen in het kwartaal."),
    Definition("wachtlijst_lengte", "Wachtlijst", WACHTEN,
               "Wachtenden op de laatste dag van het kwartaal.", True),
    Definition("wachttijd_mediaan", "Wachttijd (mediaan, dagen)", WACHTEN,
               "Mediane wachttijd van wie in het kwartaal vanaf de wachtlijst geplaatst is."),
    Definition("wmo_termijn_onderzoek", "Onderzoek binnen de termijn (%)", WACHTEN,
               "Deel van de onderzoekstermijnen die in het kwartaal aflopen dat op tijd is "
               "afgerond (Wmo 2015 art. 2.3.2).", True),
    Definition("wmo_termijn_beschikking", "Beschikking binnen de termijn (%)", WACHTEN,
               "Deel van de beslistermijnen die in het kwartaal aflopen met een tijdige "
               "beschikking (Wmo 2015 art. 2.3.5)."),
    Definition("verblijfsduur_mediaan", "Verblijfsduur (mediaan, dagen)", KENMERKEN,
               "Mediane duur in zorg (sinds de eerste plaatsing van de reeks) van de cliënten in "
               "zorg."),
    Definition("verblijf_langer_dan_2_jaar", "Langer dan 2 jaar in zorg (%)", KENMERKEN,
               "Deel van de cliënten in zorg dat langer dan 730 dagen in zorg is.", True),
    Definition("herkomst", "Herkomst", KENMERKEN,
               "Cliënten in zorg naar herkomst, vergeleken met de gemeente van de voorziening."),
    Definition("herkomst_eigen_gemeente", "Uit de eigen gemeente (%)", KENMERKEN,
               "Deel van de cliënten in zorg uit de gemeente waar de voorziening staat."),
    Definition("herkomst_regio", "Uit de regio (%)", KENMERKEN,
               "Deel uit een andere gemeente van de regio."),
    Definition("herkomst_buiten_regio", "Van buiten de regio (%)", KENMERKEN,
               "Deel van buiten de regio."),
    Definition("herkomst_onbekend", "Herkomst onbekend (%)", KENMERKEN,
               "Deel zonder vastgelegde gemeente van herkomst."),
    Definition("leeftijdsgroepen", "Leeftijdsgroepen", KENMERKEN,
               "Cliënten in zorg naar leeftijd op de laatste dag van het kwartaal."),
    Definition("leeftijd_twintigers", "Twintigers (%)", KENMERKEN,
               "Deel van de cliënten in zorg van 20 tot en met 29 jaar."),
    Definition("leeftijd_50_plus", "50-plussers (%)", KENMERKEN,
               "Deel van de cliënten in zorg van 50 jaar of ouder."),
    Definition("pgb_clienten", "Cliënten met PGB", KENMERKEN,
               "Cliënten in zorg met een PGB."),
    Definition("pgb_aandeel", "PGB-aandeel (%)", KENMERKEN,
               "Deel van de cliënten in zorg met een PGB.", True),
    Definition("plaatsen_per_10000", "BW-plaatsen per 10.000 inwoners", CAPACITEIT,
               "BW-plaatsen op de laatste dag van het kwartaal per 10.000 inwoners (CBS 2023)."),
    Definition("budget_realisatie", "Realisatie t.o.v. budget (%)", CAPACITEIT,
               "Gerealiseerde kosten in het kwartaal gedeeld door een kwart van het jaarbudget.",
               True),
    Definition("oorzaken_dakloosheid", "Oorzaken dakloosheid", MO,
               "MO-meldingen in het kwartaal naar oorzaak van dakloosheid."),
    Definition("mo_verblijven", "MO-verblijven", MO,
               "MO-verblijven met ten minste één dag in het kwartaal.", True),
    Definition("mo_nachten", "MO-nachten", MO, "Dagen van MO-verblijven in het kwartaal.", True),
    Definition("mo_clienten", "Cliënten in de MO", MO, "Cliënten met een MO-verblijf in het "
               "kwartaal."),
)
BY_NAME = {d.name: d for d in DEFINITIONS}

BREAKDOWN_LABELS: dict[str, str] = {
    "eigen_gemeente": "Eigen gemeente", "regio": "Regio", "buiten_regio": "Buiten de regio",
    "onbekend": "Onbekend", "niet_vastgelegd": "Niet vastgelegd",
    "uitstromers": "Uitstromers", "teruggekeerd": "Teruggekeerd",
    "plaatsen_bw": "Plaatsen BW", "plaatsen_mo": "Plaatsen MO", "inwoners": "Inwoners",
    "mo_per_10000": "MO-plaatsen per 10.000 inwoners",
    "budget": "Budget (€)", "realisatie": "Realisatie (€)", "verschil": "Verschil (€)",
}


def breakdown_label(key: str) -> str:
    from bwmo.journeys.constants import HomelessnessCause
    from bwmo.placements.constants import OutflowDestination

    if key in BREAKDOWN_LABELS:
        return BREAKDOWN_LABELS[key]
    for choices in (OutflowDestination, HomelessnessCause):
        if key in choices.values:
            return str(choices(key).label)
    return key
