"""The burgerservicenummer (BSN): validation by the 11-proef, masking and normalisation.

The 11-proef: for the nine digits d1..d9, 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 must be divisible by 11
(and the number may not be 000000000). Eight-digit numbers are valid BSNs with a leading zero.
"""

import re

BSN_LENGTH = 9
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


class InvalidBSN(ValueError):
    """The value is not a valid BSN; the message is Dutch and safe to show (it holds no BSN)."""


def normalise_bsn(value: str) -> str:
    """Strip spaces, dots and dashes; pad an 8-digit number to 9 digits. Raises InvalidBSN."""
    cleaned = re.sub(r"[\s.\-]", "", value or "")
    if not cleaned:
        raise InvalidBSN("Vul een BSN in.")
    if not cleaned.isdigit():
        raise InvalidBSN("Een BSN bestaat alleen uit cijfers.")
    if len(cleaned) == BSN_LENGTH - 1:
        cleaned = "0" + cleaned
    if len(cleaned) != BSN_LENGTH:
        raise InvalidBSN("Een BSN heeft 9 cijfers.")
    if not passes_elfproef(cleaned):
        raise InvalidBSN("Dit BSN klopt niet (de elfproef faalt). Controleer het nummer.")
    return cleaned


def passes_elfproef(digits: str) -> bool:
    if len(digits) != BSN_LENGTH or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(w * int(d) for w, d in zip(_WEIGHTS, digits, strict=True))
    return total % 11 == 0


def mask_bsn(digits: str) -> str:
    """Show only the last three digits: `******123`."""
    if not digits:
        return ""
    return "*" * (len(digits) - 3) + digits[-3:]
