"""Source documents cited by title on screens, letters and exports, never by an internal number.

The rules cite the five policy documents the product implements. Older stored toets results
still say "seed 004 §3.1"; `cite` turns such a reference into the document's title when shown.
"""

import re

SOURCE_TITLES: dict[str, str] = {
    "000": "Regioplan BW/MO Zuidoost-Drenthe",
    "001": "Toekomstvisie beschermd wonen 2032 IJssel-Vecht",
    "002": "Regionaal uitvoeringsplan BW/MO West-Brabant West",
    "003": "VNG-handreiking regionaal plan van aanpak",
    "004": "Transformatieplan Centraal Gelderland",
}

_SEED = re.compile(r"\bseed (\d{3})\b", re.IGNORECASE)
_DOMAIN = re.compile(r";?\s*DOMAIN §\s*\d+(\.\d+)*")


def cite(text: str) -> str:
    """'seed 004 §3.1' → 'Transformatieplan Centraal Gelderland §3.1'; internal spec refs go."""
    text = _SEED.sub(lambda m: SOURCE_TITLES.get(m.group(1), "beleidsdocument"), text)
    return _DOMAIN.sub("", text).strip()
