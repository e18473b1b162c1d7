"""Source documents cited by title on screens, letters and exports, never by an internal number.

Code and comments cite a document by its number ("seed 004 §3.1", the index of the source folder);
screens cite it by its title. `cite` turns the one into the other for every text a rule module
hands to a screen (rule sources, product sources, explanations) and for older stored toets
results; references to the internal specification ("DOMAIN §4") are dropped."""

import re

DOCUMENTS: dict[str, str] = {
    "000": "Regioplan BW/MO Zuidoost-Drenthe",
    "001": "Toekomstvisie beschermd wonen 2032 IJssel-Vecht",
    "002": "Regionaal uitvoeringsplan BW/MO West-Brabant West",
    "003": "VNG-handreiking regionaal plan van aanpak",
    "004": "Transformatieplan Centraal Gelderland",
}
SOURCE_TITLES = DOCUMENTS

_SEED = re.compile(r"\bseed (\d{3})\b", re.IGNORECASE)
_DOMAIN = re.compile(r";?\s*DOMAIN §\s*\d+(\.\d+)*")


def cite(text: str) -> str:
    """'seed 004 §3.1' → 'Transformatieplan Centraal Gelderland §3.1'; internal spec refs go."""
    text = _SEED.sub(lambda m: DOCUMENTS.get(m.group(1), "beleidsdocument"), text)
    return _DOMAIN.sub("", text).strip()
