"""Word lists for demo data: people, fictional organisations, streets and case texts.

The lists are our own (no Faker at run time, which is a test-only dependency). Organisation names
are invented combinations that always carry the suffix "(demo)", so they cannot be mistaken for
real organisations; street names are obviously invented ("Voorbeeldstraat 12") and locations get
no postcode, so no demo location points at a real address.
"""

from __future__ import annotations

import random

MALE_NAMES = (
    "Jan", "Pieter", "Kees", "Henk", "Willem", "Gerrit", "Johan", "Bram", "Daan", "Sem", "Lucas",
    "Thijs", "Ruben", "Jesse", "Bas", "Tim", "Niels", "Stefan", "Mark", "Dennis", "Erik", "Frank",
    "Hans", "Joost", "Koen", "Martijn", "Mohamed", "Youssef", "Mehmet", "Emre", "Rachid", "Kevin",
    "Jeroen", "Wouter", "Sander", "Rik", "Tom", "Lars", "Milan", "Jayden", "Dylan", "Anton",
    "Cor", "Dirk", "Ernst", "Fons", "Gijs", "Harm", "Ivo", "Jelle", "Luuk", "Maarten", "Olaf",
    "Paul", "Rob", "Teun", "Vincent", "Wim", "Arjen", "Bart", "Chris", "Floris", "Hugo", "Jasper",
    "Kofi", "Marek", "Piotr", "Tarik", "Ahmet", "Samir", "Quinten", "Remco", "Sven", "Tijmen",
)
FEMALE_NAMES = (
    "Anna", "Maria", "Sanne", "Lotte", "Emma", "Julia", "Sophie", "Lisa", "Eva", "Fleur", "Iris",
    "Anouk", "Femke", "Marloes", "Ingrid", "Petra", "Monique", "Linda", "Sandra", "Esther",
    "Karin", "Wilma", "Joke", "Truus", "Annemiek", "Fatima", "Samira", "Ayse", "Elif", "Naima",
    "Noor", "Mila", "Saar", "Tess", "Yara", "Zoë", "Bente", "Charlotte", "Daphne", "Ellen",
    "Gerda", "Hanneke", "Ilse", "Jolanda", "Kim", "Laura", "Mirjam", "Nathalie", "Paula", "Rianne",
    "Sabine", "Tamara", "Ursula", "Vera", "Wendy", "Yvonne", "Aisha", "Khadija", "Agnieszka",
    "Joanna", "Shanti", "Priya", "Romy", "Lieke", "Manon", "Nina", "Olga", "Renske", "Sterre",
)
SECOND_NAMES_MALE = ("Johannes", "Petrus", "Cornelis", "Hendrik", "Jacobus", "Antonius", "Maria")
SECOND_NAMES_FEMALE = ("Johanna", "Maria", "Cornelia", "Hendrika", "Elisabeth", "Wilhelmina")

# (tussenvoegsel, achternaam)
SURNAMES = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"),
    ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"),
    ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"),
    ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Bruin"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"),
    ("van", "Dam"), ("van der", "Wal"), ("", "Prins"), ("", "Blom"), ("", "Huisman"),
    ("", "Peeters"), ("de", "Lange"), ("", "Kuijpers"), ("", "Postma"), ("", "Kramer"),
    ("van", "Wijk"), ("", "Timmermans"), ("", "Gerritsen"), ("van", "Rijn"), ("ter", "Horst"),
    ("", "Yilmaz"), ("", "Kaya"), ("", "Demir"), ("El", "Amrani"), ("", "Bouzid"),
    ("", "Ouali"), ("", "Tahiri"), ("", "Kowalski"), ("", "Nowak"), ("", "Wiśniewski"),
    ("", "Mensah"), ("", "Asante"), ("", "Ramdin"), ("", "Sewnath"), ("", "Nguyen"),
    ("", "Wouters"), ("", "Lammers"), ("", "Evers"), ("", "Hermans"), ("", "Claassen"),
    ("", "Arts"), ("", "Bosman"), ("van", "Loon"), ("ten", "Have"), ("", "Nijhof"),
    ("", "Hofman"), ("", "Stam"), ("", "Veenstra"), ("van", "Ginkel"), ("", "Wolters"),
)

PROVIDER_KINDS = (
    "Stichting", "Zorggroep", "Woonzorg", "Stichting Beschermd Thuis", "Begeleid Wonen",
    "Stichting Onderdak", "GGz-stichting",
)
PROVIDER_CORES = (
    "Het Veerhuis", "De Lindehoeve", "Het Zonnehof", "De Waterlelie", "Het Baken", "De Oversteek",
    "De Kering", "Het Kompas", "De Vuurtoren", "Het Palet", "De Wegwijzer", "Het Anker",
    "De Morgenster", "Het Bruggenhoofd", "De Eikenhof", "Het Klaverblad", "De Zandloper",
    "Het Poortje", "De Hoeksteen", "Het Trefpunt", "De Regenboog", "Het Vlot", "De Steiger",
    "Het Erf", "De Brink", "Het Open Venster", "De Wissel", "Het Nieuwe Huis", "De Schakel",
)
HOUSING_KINDS = ("Woonstichting", "Woningstichting", "Wooncorporatie", "Woonbedrijf")
HOUSING_CORES = (
    "Thuisbasis", "Dak en Deur", "Samen Wonen", "Huis en Haard", "De Woonplaats", "Veilig Thuis",
    "Goed Wonen", "Het Woonerf", "Buurtkracht", "Eigen Haard",
)
LOCATION_CORES = (
    "Lindehof", "Esdoorn", "Kastanje", "Berkenhof", "Meidoorn", "Vlinderhuis", "Zonnebloem",
    "De Kapel", "Het Koetshuis", "De Boomgaard", "Het Atelier", "De Werf", "De Molen", "Het Park",
    "De Tuinen", "Het Hof", "De Vaart", "De Dijk", "Rozenhof", "Het Bolwerk", "De Vesting",
    "Het Pakhuis", "De Loods", "Het Wapen", "Heidezicht", "Rivierzicht", "Het Bastion",
)
# Clearly invented street names, so a demo location never points at someone's real address.
STREETS = (
    "Voorbeeldstraat", "Demolaan", "Proefweg", "Oefenhof", "Schetsplein", "Ontwerplaan",
    "Fictiepad", "Modelweg", "Maquettestraat", "Concepthof", "Droomlaan", "Verzinselweg",
)

BW_PROBLEMS = (
    "Psychotische klachten; redt het niet zelfstandig.",
    "Langdurige psychiatrische problematiek en vereenzaming.",
    "Bipolaire stoornis; huisvesting dreigt te vervallen.",
    "Verslaving en psychiatrische klachten (dubbele diagnose).",
    "Persoonlijkheidsproblematiek; terugkerende crises.",
    "Autisme en angstklachten; ouders kunnen de zorg niet meer dragen.",
    "Na klinische opname geen passende woonplek.",
    "Schulden en psychische klachten; dreigende huisuitzetting.",
    "Licht verstandelijke beperking met psychiatrische problematiek.",
)
MO_PROBLEMS = (
    "Dakloos; slaapt buiten of bij wisselende kennissen.",
    "Acute crisis; geen veilige slaapplek.",
    "Na scheiding zonder woonruimte.",
    "Uit huis gezet; schulden.",
    "Jongere zonder vaste verblijfplaats.",
    "Gezin zonder onderdak na huisuitzetting.",
)
ADVICE_QUESTIONS = (
    "Is beschermd wonen passend, of volstaat intensieve ambulante begeleiding?",
    "Welke vorm van beschermd wonen past bij deze cliënt?",
    "Graag advies over de zorgzwaarte en een passende aanbieder.",
)
ADVICE_RECOMMENDATIONS = (
    "Beschermd wonen is passend; intramuraal starten met perspectief op doorstroom.",
    "Groepswonen met intensieve begeleiding past; doorstroomplan binnen twee jaar.",
    "Zelfstandig wonen met intensieve begeleiding volstaat.",
    "Eerst behandeling (Zvw); daarna opnieuw beoordelen.",
)


def person_name(rng: random.Random) -> tuple[str, str, str, str]:
    """(sex 'm'/'v', given names, tussenvoegsel, surname)."""
    if rng.random() < 0.5:
        sex, first, second = "m", rng.choice(MALE_NAMES), SECOND_NAMES_MALE
    else:
        sex, first, second = "v", rng.choice(FEMALE_NAMES), SECOND_NAMES_FEMALE
    given = f"{first} {rng.choice(second)}" if rng.random() < 0.25 else first
    prefix, surname = rng.choice(SURNAMES)
    return sex, given, prefix, surname


def street_address(rng: random.Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
