"""Deterministic demo BSNs that pass the 11-proef and never collide between regions.

Every demo BSN has the form ``9 B SSSSSS C``: the digit 9, a *block* digit B that belongs to one
region, a six-digit serial S and the check digit C that makes the 11-proef hold
(9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11). C is the weighted sum of the first eight digits modulo
11; when that is 10 no check digit exists and the serial is skipped, so about 909,000 of the
1,000,000 serials of a block give a valid BSN.

The serials of a region are enumerated through an affine permutation ``(a·i + b) mod 10⁶`` with
``a`` coprime to 10⁶, chosen from the seed: the numbers look scattered, differ between seeds, and
are unique within the block because the permutation is a bijection. Blocks of different regions
differ, so numbers never collide across regions. Numbers that start with 9 are not used for real
people by the factories in `bwmo.testing` either (those start with 1-8).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

SERIALS_PER_BLOCK = 1_000_000
_WEIGHTS_8 = (9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes the 11-proef hold, or None when no digit does."""
    total = sum(w * int(d) for w, d in zip(_WEIGHTS_8, first_eight, strict=True))
    digit = total % 11
    return None if digit == 10 else digit


def demo_bsn(block: int, serial: int) -> str | None:
    """The demo BSN for a serial in a block, or None when that serial has no check digit."""
    if not 0 <= block <= 9:
        raise ValueError("block is one digit")
    if not 0 <= serial < SERIALS_PER_BLOCK:
        raise ValueError("serial out of range")
    first_eight = f"9{block}{serial:06d}"
    digit = check_digit(first_eight)
    return None if digit is None else f"{first_eight}{digit}"


def bsn_stream(block: int, rng: random.Random) -> Iterator[str]:
    """Every valid demo BSN of a block, once each, in a seed-dependent order."""
    while True:
        a = rng.randrange(1, SERIALS_PER_BLOCK)
        if a % 2 and a % 5:
            break
    b = rng.randrange(SERIALS_PER_BLOCK)
    for i in range(SERIALS_PER_BLOCK):
        bsn = demo_bsn(block, (a * i + b) % SERIALS_PER_BLOCK)
        if bsn is not None:
            yield bsn
