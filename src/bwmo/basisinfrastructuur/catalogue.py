"""The provisions of the basistakenpakket: what every municipality organises locally so that fewer
inhabitants need the regional safety net (beschermd wonen, maatschappelijke opvang).

Source: Transformatieplan "Samen aan zet!" Centraal Gelderland (2019), §6.3 Ontwikkellijn, the
figure "Doorkijkje lokale agenda" (grouped as there); the Regionaal uitvoeringsplan BW/MO 2021 of
West-Brabant West asks the same of its municipalities ("Realiseren/onderhouden basistakenpakket
preventieve voorzieningen", worked out by its workgroup Preventie & Lokale Ondersteuningsstructuur).
§6.3 also gives the reason the region watches it: "wanneer de lokale structuur ontoereikend zou
zijn, [wordt] er vaker aanspraak op regionaal georganiseerd aanbod gedaan".

Codes are stable identifiers (stored per municipality); labels follow the source's wording.
"""

from dataclasses import dataclass

SOURCE_TITLE = 'Transformatieplan "Samen aan zet!" Centraal Gelderland (2019), §6.3'
SECOND_SOURCE_TITLE = "Regionaal uitvoeringsplan BW/MO 2021, West-Brabant West"


@dataclass(frozen=True)
class Provision:
    code: str
    label: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    provisions: tuple[Provision, ...]


GROUPS: tuple[Group, ...] = (
    Group("preventie", "Preventie", (
        Provision("destigmatisering", "De-stigmatisering"),
        Provision("lokaal_zorgnetwerk", "Lokaal zorgnetwerk"),
        Provision("preventie_ggd", "Preventie GGD"),
        Provision("aanpak_verwarde_personen", "Aanpak verwarde personen"),
        Provision("lokale_kennis_ggz", "Opbouw lokale kennis GGz-problematiek"),
    )),
    Group("algemeen", "Algemene voorzieningen", (
        Provision("steunpunten", "Steunpunten"),
        Provision("inloop_ggz", "Inloop GGz"),
    )),
    Group("ambulant", "Ambulante voorzieningen", (
        Provision("ambulante_begeleiding", "Ambulante begeleiding"),
        Provision("intensief_ambulant", "Intensief ambulant"),
        Provision("scheiden_wonen_zorg", "Scheiden wonen / zorg (groepswonen)"),
        Provision("bemoeizorg", "Bemoeizorg / zorgbemiddeling"),
        Provision("housing_first", "Housing First"),
    )),
    Group("mo", "Maatschappelijke opvang", (
        Provision("voorkomen_dakloosheid", "Preventie, voorkomen dakloosheid"),
        Provision("thuis_na_opvang", "Een (t)huis om naar terug te keren na opvang"),
    )),
)

PROVISIONS: tuple[Provision, ...] = tuple(p for g in GROUPS for p in g.provisions)
BY_CODE = {p.code: p for p in PROVISIONS}
CHOICES = [(p.code, p.label) for p in PROVISIONS]
