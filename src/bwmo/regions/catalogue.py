"""The regional product catalogue (DOMAIN §4): the products a beschikking chooses from.

The four BW products "sinds mei 2018" of the regional policy plan (Bijlage 3), the MO provisions,
and optional forms named in the policy documents (marked ``optional=True``). Each product has a
code (at most 5 characters, so it can double as the regional iWmo product code, which is 1-5
characters), a Dutch name, a track (BW/MO), a category for the spreading view (DOMAIN §5: BW
intramuraal, BW ambulant/groepswonen, MO) and the iWmo productcategorie (15 beschermd wonen,
16 opvang, 17 spoedopvang, 18 overige; DOMAIN §11). The enum values of `Track` and
`ProductCategory` equal those of `bwmo.regions.constants`, so the Django side can use either.

It lives in `regions` (the region configures which products it offers, `regions.services`);
the decision rules of `bwmo.journeys.decision_rules` read it from here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

from bwmo.core.sources import cite

#: Groepswonen: hard maximum in calendar years (seed 004 Bijlage 3).
GROEPSWONEN_MAX_YEARS = 2
#: Intramural BW: longer than this needs a motivation (seed 001 §2.5).
BW_TEMPORARY_YEARS = 2

class Track(StrEnum):
    """The two domains the system serves. Values equal `bwmo.regions.constants.Track`."""

    BW = "BW"
    MO = "MO"

    @property
    def label(self) -> str:
        return {Track.BW: "Beschermd wonen", Track.MO: "Maatschappelijke opvang"}[self]


class ProductCategory(StrEnum):
    """Category for the spreading view (DOMAIN §5, seed 004 §3.3).

    Values equal `bwmo.regions.constants.ProductCategory`.
    """

    BW_INTRAMURAAL = "bw_intramuraal"
    BW_AMBULANT = "bw_ambulant"
    MO = "mo"

    @property
    def label(self) -> str:
        return {
            ProductCategory.BW_INTRAMURAAL: "BW intramuraal",
            ProductCategory.BW_AMBULANT: "BW ambulant / groepswonen",
            ProductCategory.MO: "MO",
        }[self]


class IwmoProductCategory(StrEnum):
    """iWmo 3.2 productcategorie (code list WMO020) for BW and MO (DOMAIN §11)."""

    BESCHERMD_WONEN = "15"
    OPVANG = "16"
    SPOEDOPVANG = "17"
    OVERIGE = "18"

    @property
    def label(self) -> str:
        return {
            IwmoProductCategory.BESCHERMD_WONEN: "Beschermd wonen",
            IwmoProductCategory.OPVANG: "Opvang",
            IwmoProductCategory.SPOEDOPVANG: "Spoedopvang",
            IwmoProductCategory.OVERIGE: "Overige beschermd wonen en opvang",
        }[self]



@dataclass(frozen=True)
class Product:
    """One product of the regional catalogue.

    `max_duration_years`: a hard maximum (longer is refused). `motivation_after_years`: longer is
    allowed only with a recorded motivation. Both in calendar years (see the module docstring).
    """

    code: str
    name: str
    track: Track
    category: ProductCategory
    iwmo_category: IwmoProductCategory
    source: str
    max_duration_years: int | None = None
    motivation_after_years: int | None = None
    optional: bool = False


_BIJLAGE_3 = "seed 004 Bijlage 3 (nieuwe producten sinds mei 2018)"
_MO_SOURCE = "seed 004 §2.1 en §3.2; DOMAIN §4"

_PRODUCTS: tuple[Product, ...] = (
    # --- Beschermd wonen: the four products of seed 004 Bijlage 3 ---
    Product(
        code="ZWIB",
        name="Zelfstandig wonen met intensieve begeleiding",
        track=Track.BW,
        category=ProductCategory.BW_AMBULANT,
        iwmo_category=IwmoProductCategory.BESCHERMD_WONEN,
        source=_BIJLAGE_3,
    ),
    Product(
        code="GWIB",
        name="Groepswonen met intensieve begeleiding",
        track=Track.BW,
        category=ProductCategory.BW_AMBULANT,
        iwmo_category=IwmoProductCategory.BESCHERMD_WONEN,
        source=_BIJLAGE_3 + ": 'maximaal 2 jaar in te zetten (doel = doorstroom)'",
        max_duration_years=GROEPSWONEN_MAX_YEARS,
    ),
    Product(
        code="BW",
        name="Beschermd wonen",
        track=Track.BW,
        category=ProductCategory.BW_INTRAMURAAL,
        iwmo_category=IwmoProductCategory.BESCHERMD_WONEN,
        source=_BIJLAGE_3 + "; tijdelijk, terugkeer binnen 2 jaar: seed 001 §2.5",
        motivation_after_years=BW_TEMPORARY_YEARS,
    ),
    Product(
        code="BWI",
        name="Beschermd wonen intensief",
        track=Track.BW,
        category=ProductCategory.BW_INTRAMURAAL,
        iwmo_category=IwmoProductCategory.BESCHERMD_WONEN,
        source=_BIJLAGE_3 + "; tijdelijk, terugkeer binnen 2 jaar: seed 001 §2.5",
        motivation_after_years=BW_TEMPORARY_YEARS,
    ),
    # --- Maatschappelijke opvang ---
    Product(
        code="MODV",
        name="Opvang dak- en thuisloze volwassenen",
        track=Track.MO,
        category=ProductCategory.MO,
        iwmo_category=IwmoProductCategory.OPVANG,
        source=_MO_SOURCE,
    ),
    Product(
        code="MOCV",
        name="Crisisopvang volwassenen",
        track=Track.MO,
        category=ProductCategory.MO,
        iwmo_category=IwmoProductCategory.SPOEDOPVANG,
        source=_MO_SOURCE,
    ),
    Product(
        code="MOCG",
        name="Crisisopvang gezinnen",
        track=Track.MO,
        category=ProductCategory.MO,
        iwmo_category=IwmoProductCategory.SPOEDOPVANG,
        source=_MO_SOURCE,
    ),
    Product(
        code="MOZJ",
        name="Opvang zwerfjongeren",
        track=Track.MO,
        category=ProductCategory.MO,
        iwmo_category=IwmoProductCategory.OPVANG,
        source=_MO_SOURCE,
    ),
    Product(
        code="MONO",
        name="Nachtopvang",
        track=Track.MO,
        category=ProductCategory.MO,
        iwmo_category=IwmoProductCategory.OPVANG,
        source="seed 004 §2.1 ('dag- en nachtopvang'); DOMAIN §4",
    ),
    Product(
        code="MODO",
        name="Dagopvang",
        track=Track.MO,
        category=ProductCategory.MO,
        iwmo_category=IwmoProductCategory.OPVANG,
        source="seed 004 §2.1 ('dag- en nachtopvang'); DOMAIN §4",
    ),
    # --- Optional forms named in the seeds (beschermd thuis, tussenvormen) ---
    Product(
        code="IABT",
        name="Intensieve ambulante begeleiding thuis",
        track=Track.BW,
        category=ProductCategory.BW_AMBULANT,
        iwmo_category=IwmoProductCategory.OVERIGE,
        source="seed 001 §2.3.4 (24 uur oproepbaar, binnen 30 minuten ter plaatse)",
        optional=True,
    ),
    Product(
        code="KWV",
        name="Kleinschalige woonvorm (2-3 personen)",
        track=Track.BW,
        category=ProductCategory.BW_AMBULANT,
        iwmo_category=IwmoProductCategory.OVERIGE,
        source="seed 001 §2.3.3",
        optional=True,
    ),
    Product(
        code="KT",
        name="Kamertraining (jongeren)",
        track=Track.BW,
        category=ProductCategory.BW_AMBULANT,
        iwmo_category=IwmoProductCategory.OVERIGE,
        source="seed 001 §2.3.2",
        optional=True,
    ),
    Product(
        code="LTV",
        name="Logeer- en terugvalvoorziening",
        track=Track.BW,
        category=ProductCategory.BW_INTRAMURAAL,
        iwmo_category=IwmoProductCategory.OVERIGE,
        source="seed 001 §2.3.6",
        optional=True,
    ),
    Product(
        code="HF",
        name="Housing First",
        track=Track.MO,
        category=ProductCategory.MO,
        iwmo_category=IwmoProductCategory.OVERIGE,
        source="seed 000 (Housing First-principe); seed 004 §6.3",
        optional=True,
    ),
)

# Screens show the sources by the documents' titles.
_PRODUCTS = tuple(replace(p, source=cite(p.source)) for p in _PRODUCTS)

#: Product code → product. Read-only; iterate `.values()` for choices and demo data.
PRODUCT_CATALOGUE: Mapping[str, Product] = MappingProxyType({p.code: p for p in _PRODUCTS})

#: (code, name) pairs in catalogue order, ready for a Django ``choices=``.
PRODUCT_CHOICES: tuple[tuple[str, str], ...] = tuple((p.code, p.name) for p in _PRODUCTS)
