"""Classes of the choropleth: places per 10,000 inhabitants against the regional average.

The class of a municipality is read from its index (its places per 10,000 inhabitants divided by
the region's, `capacity.spreading`): five classes around the average, the outer two the same as
the spreading page's "hoger" (at least 1.5×) and "lager" (at most half). A municipality without
places has its own class; one without a known population has none.
"""

from dataclasses import dataclass
from fractions import Fraction

from bwmo.capacity.spreading import INDEX_HIGH, INDEX_LOW


@dataclass(frozen=True)
class ChoroplethClass:
    key: str
    label: str


NONE = ChoroplethClass("none", "geen plaatsen")
FAR_BELOW = ChoroplethClass("far-below", "hoogstens de helft van het regiogemiddelde")
BELOW = ChoroplethClass("below", "onder het regiogemiddelde (meer dan de helft, minder dan 0,9×)")
AVERAGE = ChoroplethClass("average", "rond het regiogemiddelde (0,9× tot 1,1×)")
ABOVE = ChoroplethClass("above", "boven het regiogemiddelde (1,1× tot 1,5×)")
FAR_ABOVE = ChoroplethClass("far-above", "minstens anderhalf keer het regiogemiddelde")
UNKNOWN = ChoroplethClass("unknown", "inwonertal onbekend")

CLASSES = (NONE, FAR_BELOW, BELOW, AVERAGE, ABOVE, FAR_ABOVE, UNKNOWN)
NEAR_LOW = Fraction(9, 10)
NEAR_HIGH = Fraction(11, 10)


def classify(places: int, index: Fraction | None) -> ChoroplethClass:
    if places == 0:
        return NONE
    if index is None:
        return UNKNOWN
    if index <= INDEX_LOW:
        return FAR_BELOW
    if index < NEAR_LOW:
        return BELOW
    if index <= NEAR_HIGH:
        return AVERAGE
    if index < INDEX_HIGH:
        return ABOVE
    return FAR_ABOVE
