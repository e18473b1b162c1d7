"""The policy documents the rules come from, by their titles.

Code and comments cite a document by its number ("seed 004 §3.1", the index of the source folder);
screens cite it by its title. `cite` turns the one into the other for every text a rule module
hands to a screen (rule sources, product sources, explanations)."""

import re

DOCUMENTS: dict[str, str] = {
    "000": "Regioplan BW/MO Zuidoost-Drenthe (2020)",
    "001": "Toekomstvisie beschermd wonen 2032, regio IJssel-Vecht",
    "002": "Regionaal uitvoeringsplan BW/MO 2021, West-Brabant West",
    "003": "VNG-handreiking regionaal plan van aanpak (2016)",
    "004": "Transformatieplan ‘Samen aan zet!’ Centraal Gelderland (2019)",
}

_SEED = re.compile(r"\bseed (\d{3})\b")


def cite(text: str) -> str:
    """'seed 004 §3.1' → 'Transformatieplan ‘Samen aan zet!’ Centraal Gelderland (2019) §3.1'."""
    return _SEED.sub(lambda m: DOCUMENTS.get(m.group(1), m.group(0)), text)
