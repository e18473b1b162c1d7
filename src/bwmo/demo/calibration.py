"""The figures the demo data is calibrated to, and how a region's size follows from them.

Centraal Gelderland (DOMAIN §10, seed 004) is the reference region:

- BW clients in care: 1,206 in January 2015, 1,141 in November 2018 (−5 %); the demo keeps the
  stock at the 2018 level up to "today" (the run date), so at scale 1 about 1,141 are in care.
- PGB: 316 in January 2015, 55 in July 2018 (of 1,141, about 5 %); new clients get a PGB with a
  probability that keeps the share near 5 %.
- Ages of the clients in care on 31 December 2017 (seed 004 §3.1: "cijfers uit het jaar 2017";
  the monitor's 2017-K4): about 40 % in their twenties, 31 % over 50.
- Most live in a facility in Arnhem, Rheden, Renkum or Lingewaard (`CG_FACILITY_WEIGHTS`).
- MO: most reports come from Arnhem, a smaller share from the region, a large group is not
  registered anywhere (no BSN, reason "niet ingeschreven").

**Size of other regions.** A region's size is Centraal Gelderland's figures × (the region's
inhabitants / Centraal Gelderland's inhabitants), both from CBS 2023 as loaded by
`bwmo load-reference-data`; ``--scale`` multiplies that again. So Zuidoost-Drenthe
(170,384 inhabitants) at ``--scale 0.3`` gets 0.3 × 170,384 / 434,656 ≈ 0.118 × the figures of
Centraal Gelderland, and Centraal Gelderland at ``--scale 40`` is about the national size
(≈ 45,000 BW clients in care, > 100,000 MO stays over the history).

BW careers follow the Dannenberg split (seed 001 §2.4.1, seed 004 §2.1): a third moves to
ambulant support within about 2 years, a third lives independently after 3-5 years, a third stays
long-term intramural. Each career is a plan of product segments (doorstroom between them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bwmo.placements.constants import OutflowDestination as Dest

HISTORY_START = date(2015, 1, 1)
REFERENCE_REGION = "centraal-gelderland"
REFERENCE_INHABITANTS = 434_656  # CBS 2023, the ten municipalities of Centraal Gelderland

BW_STOCK_2015 = 1_206
BW_STOCK_2018 = 1_141
BW_STOCK_2018_DATE = date(2018, 11, 1)
PGB_2015 = 316
PGB_2018 = 55
PGB_2018_DATE = date(2018, 7, 1)
PGB_OPENING_STILL_IN_CARE_2018 = 30  # of the 55 in July 2018, from the 2015 stock
PGB_NEW_CLIENT_PROBABILITY = 0.05
PGB_SHARE_NOW = PGB_2018 / BW_STOCK_2018  # about 4.8 % of the clients in care today

# Occupancy the capacity is planned for (places = stock / occupancy).
OPENING_OCCUPANCY = 0.975
OCCUPANCY = 0.985
# Requests for a BW place relative to the places that come free (> 1: a waiting list forms).
BW_DEMAND_FACTOR = 1.10
BW_TERUGVAL_PROBABILITY = 0.10  # returns to BW after outflow (counts as terugval within 12 months)

MO_STAYS_PER_YEAR = 300
MO_REPEAT_PROBABILITY = 0.30

# Age of BW clients in care on AGE_CALIBRATION_DAY (DOMAIN §10: 40 % twenties, 31 % over 50;
# seed 004 §3.1 gives these as "cijfers uit het jaar 2017").
AGE_CALIBRATION_DAY = date(2017, 12, 31)
BW_AGE_BUCKETS_IN_CARE: tuple[tuple[int, int, float], ...] = (
    (18, 19, 0.03),
    (20, 29, 0.40),
    (30, 39, 0.14),
    (40, 49, 0.12),
    (50, 64, 0.24),
    (65, 79, 0.07),
)
# Age at the first melding of BW clients not in care today.
BW_AGE_AT_INFLOW: tuple[tuple[int, int, float], ...] = (
    (18, 22, 0.25),
    (23, 29, 0.30),
    (30, 39, 0.18),
    (40, 49, 0.12),
    (50, 64, 0.12),
    (65, 80, 0.03),
)
MO_AGE_AT_INFLOW: tuple[tuple[int, int, float], ...] = (
    (18, 25, 0.20),
    (26, 40, 0.35),
    (41, 55, 0.30),
    (56, 75, 0.15),
)

# Where the places are (seed 004: "de meeste cliënten wonen in een voorziening in Arnhem,
# Rheden, Renkum of Lingewaard"). Other regions: inhabitants, the centrumgemeente counted 2.5×.
CG_FACILITY_WEIGHTS: dict[str, float] = {
    "GM0202": 0.50,  # Arnhem
    "GM0275": 0.15,  # Rheden
    "GM0274": 0.13,  # Renkum
    "GM1705": 0.08,  # Lingewaard
    "GM1734": 0.04,  # Overbetuwe
    "GM0299": 0.04,  # Zevenaar
    "GM0226": 0.025,  # Duiven
    "GM0221": 0.015,  # Doesburg
    "GM0293": 0.015,  # Westervoort
    "GM0277": 0.005,  # Rozendaal
}
CENTRUM_FACILITY_BOOST = 2.5
MO_CENTRUM_SHARE = 0.8  # MO places: mostly in the centrumgemeente


@dataclass(frozen=True)
class Segment:
    product: str
    min_days: int
    max_days: int

    @property
    def mean_days(self) -> float:
        return (self.min_days + self.max_days) / 2


@dataclass(frozen=True)
class Career:
    """One way a BW career can go: its product segments and where it ends."""

    kind: str
    weight: float
    segments: tuple[Segment, ...]

    @property
    def mean_days(self) -> float:
        return sum(s.mean_days for s in self.segments)


SHORT, MEDIUM, LONG = "kort", "middellang", "langdurig"
CAREERS: tuple[Career, ...] = (
    # 1/3: ambulant within about two years
    Career(SHORT, 1 / 12, (Segment("ZWIB", 300, 800),)),
    Career(SHORT, 1 / 12, (Segment("GWIB", 200, 600),)),
    Career(SHORT, 1 / 12, (Segment("BW", 180, 450), Segment("ZWIB", 180, 450))),
    Career(SHORT, 1 / 12, (Segment("GWIB", 200, 450), Segment("ZWIB", 150, 400))),
    # 1/3: independent after 3-5 years
    Career(MEDIUM, 1 / 9, (Segment("BW", 450, 800), Segment("GWIB", 300, 550),
                           Segment("ZWIB", 200, 450))),
    Career(MEDIUM, 1 / 9, (Segment("BWI", 300, 600), Segment("BW", 400, 700),
                           Segment("ZWIB", 300, 550))),
    Career(MEDIUM, 1 / 9, (Segment("BW", 900, 1400), Segment("ZWIB", 300, 650))),
    # 1/3: long-term intramural
    Career(LONG, 1 / 9, (Segment("BW", 2000, 5500),)),
    Career(LONG, 1 / 9, (Segment("BWI", 1500, 4500),)),
    Career(LONG, 1 / 9, (Segment("BWI", 600, 1400), Segment("BW", 1500, 4500))),
)
GROEPSWONEN = "GWIB"

DESTINATIONS: dict[str, tuple[tuple[str, float], ...]] = {
    SHORT: (
        (Dest.INDEPENDENT_HOUSING, 0.66), (Dest.OTHER_REGION, 0.08), (Dest.UNKNOWN, 0.08),
        (Dest.CLINIC, 0.06), (Dest.MO, 0.05), (Dest.DETENTION, 0.03), (Dest.WLZ, 0.02),
        (Dest.DECEASED, 0.02),
    ),
    MEDIUM: (
        (Dest.INDEPENDENT_HOUSING, 0.70), (Dest.OTHER_REGION, 0.07), (Dest.UNKNOWN, 0.06),
        (Dest.CLINIC, 0.06), (Dest.MO, 0.03), (Dest.DETENTION, 0.02), (Dest.WLZ, 0.04),
        (Dest.DECEASED, 0.02),
    ),
    LONG: (
        (Dest.WLZ, 0.45), (Dest.DECEASED, 0.20), (Dest.INDEPENDENT_HOUSING, 0.10),
        (Dest.CLINIC, 0.10), (Dest.OTHER_REGION, 0.10), (Dest.UNKNOWN, 0.05),
    ),
}


@dataclass(frozen=True)
class MoProduct:
    code: str
    share: float
    min_days: int
    max_days: int
    crisis: bool = False

    @property
    def mean_days(self) -> float:
        return (self.min_days + self.max_days) / 2


MO_PRODUCTS: tuple[MoProduct, ...] = (
    MoProduct("MONO", 0.30, 3, 45, crisis=True),
    MoProduct("MODV", 0.28, 30, 240),
    MoProduct("MOCV", 0.14, 7, 56, crisis=True),
    MoProduct("MOCG", 0.05, 14, 120, crisis=True),
    MoProduct("MOZJ", 0.10, 30, 300),
    MoProduct("MODO", 0.13, 14, 150),
)
MO_DESTINATIONS: tuple[tuple[str, float], ...] = (
    (Dest.UNKNOWN, 0.33), (Dest.INDEPENDENT_HOUSING, 0.24), (Dest.OTHER_REGION, 0.13),
    (Dest.CLINIC, 0.08), (Dest.DETENTION, 0.07), (Dest.MO, 0.12), (Dest.WLZ, 0.02),
    (Dest.DECEASED, 0.01),
)
MO_ORIGIN_SHARES = {"centrum": 0.45, "region": 0.17, "outside": 0.10, "not_registered": 0.25,
                    "unknown": 0.03}

BW_OUTCOMES: tuple[tuple[str, float], ...] = (
    ("granted", 0.84), ("refused", 0.06), ("wlz_referral", 0.06), ("other_support", 0.04),
)
BW_WITHDRAWN_PROBABILITY = 0.03
BW_OUTSIDE_REGION_ORIGIN = 0.15
BW_ADVICE_PROBABILITY = 0.30
BW_URGENT_PROBABILITY = 0.12
BW_MEAN_PATIENCE_DAYS = 240
TRANSITION_MAX_WAIT_DAYS = 365


def stock_target(day: date) -> float:
    """BW clients in care at Centraal Gelderland scale 1 on `day` (linear 2015 → Nov 2018)."""
    if day >= BW_STOCK_2018_DATE:
        return float(BW_STOCK_2018)
    span = (BW_STOCK_2018_DATE - HISTORY_START).days
    done = max(0, (day - HISTORY_START).days)
    return BW_STOCK_2015 + (BW_STOCK_2018 - BW_STOCK_2015) * done / span


def region_factor(*, region_inhabitants: int, reference_inhabitants: int, scale: float) -> float:
    """Size of a region relative to Centraal Gelderland at scale 1 (see the module docstring)."""
    if region_inhabitants <= 0 or reference_inhabitants <= 0:
        raise ValueError("inhabitants must be positive")
    return scale * region_inhabitants / reference_inhabitants


def mean_career_days() -> float:
    total = sum(c.weight for c in CAREERS)
    return sum(c.weight * c.mean_days for c in CAREERS) / total
