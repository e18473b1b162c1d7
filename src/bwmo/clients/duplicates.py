"""Likely duplicate registrations of one person — pure Python, no Django.

Many MO clients have no BSN (seed 004 §3.2: "een relatief grote groep 'niet ingeschrevenen'"), so
the same person can be registered twice: once at the central access, once at a municipality, with
the name spelled differently each time. This module proposes pairs of records that probably belong
to one person; a consulent decides and merges (``clients.merge``).

How two records are compared (:func:`compare`):

* **BSN.** Two different BSNs are two different people: never a match. The same BSN is always a
  match (the database refuses it, but the rule is complete here).
* **Birth date.** It must be equal, or have day and month swapped (03-12 for 12-03, a common
  mix-up between date notations). A different year, or any other difference, is never a match:
  the birth date is the anchor that keeps the false proposals down.
* **Names.** Both names are normalised (:func:`normalise_name`): lower case, accents removed
  (``Çelik`` → ``celik``), tussenvoegsels dropped (``van``, ``de``, ``el``, …; the prefix field and
  a prefix typed into the surname alike), spaces, hyphens and apostrophes removed. The surnames and
  the given names are then compared with Jaro-Winkler similarity (0–1, robust against a missing or
  doubled letter: ``Mohamed``/``Mohammed``). The given names count as the best of: the full given
  names, the first given name, or an initial that matches (``J.`` for ``Jan``). Given name and
  surname swapped (``Ahmed Hassan`` / ``Hassan Ahmed``) is recognised too.
* **Score.** ``name similarity × birth-date factor`` (1 for an equal date, 0.95 for a swap); a pair
  is proposed from :data:`DEFAULT_THRESHOLD` on. Every proposal carries its reasons in Dutch.

The score is symmetric (comparing A with B gives exactly what B with A gives), an identical record
scores 1, the maximum, and records with a different birth year never match; these properties are
tested with hypothesis. :func:`find_duplicates` compares only records whose birth dates can match
(same year and the same two numbers for day and month), so a large scope stays fast.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

__all__ = [
    "DEFAULT_THRESHOLD",
    "DuplicateMatch",
    "PersonRecord",
    "compare",
    "find_duplicates",
    "jaro_winkler",
    "normalise_name",
    "score",
]

DEFAULT_THRESHOLD = 0.90
"""From this score on, a pair is proposed as a likely duplicate."""

SURNAME_WEIGHT = 0.55
GIVEN_NAMES_WEIGHT = 0.45
SWAPPED_DATE_FACTOR = 0.95
SWAPPED_NAMES_FACTOR = 0.95
SWAPPED_NAMES_MINIMUM = 0.85
"""Given name and surname count as swapped only when both cross-similarities reach this."""
INITIAL_MATCH = 0.85
"""Similarity credited when one record has only an initial and it matches the other's first name."""

# Dutch tussenvoegsels and common name particles (also Arabic/Turkish/Romance ones seen in MO).
PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "t", "ten", "ter", "te", "in", "op", "aan", "bij", "uit",
    "voor", "onder", "over", "la", "le", "les", "du", "des", "da", "dos", "do", "di", "del", "della",
    "von", "zu", "vom", "el", "al", "ben", "bin", "ibn", "abu", "mac", "mc", "st", "sint",
    "v", "d", "vd", "vden", "vder",  # abbreviations: v.d., v/d
})
_SEPARATORS = str.maketrans(
    {"-": " ", "'": " ", "’": " ", "‘": " ", "`": " ", ".": " ", ",": " ", "/": " "}
)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """What the comparison needs of a client record. ``bsn_key`` is the blind index or None."""

    key: int
    given_names: str
    surname: str
    date_of_birth: date
    surname_prefix: str = ""
    bsn_key: str | None = None


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """A proposed pair (``first`` < ``second``), its score (0–1) and the Dutch reasons."""

    first: int
    second: int
    score: float
    reasons: tuple[str, ...]

    @property
    def percentage(self) -> int:
        return round(self.score * 100)


# ------------------------------------------------------------------------------------------------
# Normalisation and string similarity
# ------------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents; ``ß`` → ``ss``, ``ı`` → ``i``, ``ø`` → ``o``, ``æ`` → ``ae``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("ı", "i").replace("ø", "o").replace("æ", "ae").replace("ł", "l")


def _tokens(text: str) -> list[str]:
    return [token for token in _fold(text).translate(_SEPARATORS).split() if token]


def normalise_name(text: str, *, drop_particles: bool = False) -> str:
    """The comparable form of a name: ``"van den Berg-Çelik"`` → ``"bergcelik"`` (particles off).

    Particles are dropped only when something else remains (a surname that is just ``"Van"`` stays).
    Characters other than letters and digits are removed.
    """
    tokens = _tokens(text)
    if drop_particles:
        kept = [token for token in tokens if token not in PARTICLES]
        tokens = kept or tokens
    return "".join(ch for ch in "".join(tokens) if ch.isalnum())


def _surname(record: PersonRecord) -> str:
    return normalise_name(f"{record.surname_prefix} {record.surname}", drop_particles=True)


def _given(record: PersonRecord) -> tuple[str, str]:
    """(all given names joined, first given name), normalised."""
    tokens = [normalise_name(token) for token in _tokens(record.given_names)]
    tokens = [token for token in tokens if token]
    return "".join(tokens), (tokens[0] if tokens else "")


def _jaro(first: str, second: str) -> float:
    if first == second:
        return 1.0
    if not first or not second:
        return 0.0
    window = max(max(len(first), len(second)) // 2 - 1, 0)
    first_matched = [False] * len(first)
    second_matched = [False] * len(second)
    matches = 0
    for i, ch in enumerate(first):
        for j in range(max(0, i - window), min(len(second), i + window + 1)):
            if not second_matched[j] and second[j] == ch:
                first_matched[i] = second_matched[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    first_chars = [ch for ch, hit in zip(first, first_matched, strict=True) if hit]
    second_chars = [ch for ch, hit in zip(second, second_matched, strict=True) if hit]
    transpositions = sum(a != b for a, b in zip(first_chars, second_chars, strict=True)) // 2
    return (matches / len(first) + matches / len(second) + (matches - transpositions) / matches) / 3


def jaro_winkler(first: str, second: str) -> float:
    """Jaro-Winkler similarity (0–1, prefix scale 0.1, up to 4 characters), symmetric.

    The pair is put in a fixed order first, so the result never depends on the argument order.
    """
    if second < first:
        first, second = second, first
    jaro = _jaro(first, second)
    prefix = 0
    for a, b in zip(first[:4], second[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


# ------------------------------------------------------------------------------------------------
# Comparing two records
# ------------------------------------------------------------------------------------------------


def _given_similarity(first: PersonRecord, second: PersonRecord) -> tuple[float, str]:
    full_a, first_a = _given(first)
    full_b, first_b = _given(second)
    best = max(jaro_winkler(full_a, full_b), jaro_winkler(first_a, first_b))
    if best == 1.0:
        return 1.0, "zelfde voornaam" if full_a == full_b else "zelfde eerste voornaam"
    has_initial = len(first_a) == 1 or len(first_b) == 1
    initial_matches = bool(first_a and first_b) and first_a[0] == first_b[0]
    if has_initial and initial_matches and best < INITIAL_MATCH:
        return INITIAL_MATCH, "voorletter komt overeen met de voornaam"
    return best, f"voornamen lijken op elkaar ({round(best * 100)}%)"


def _date_factor(first: date, second: date) -> tuple[float, str] | None:
    if first == second:
        return 1.0, "zelfde geboortedatum"
    swapped = (
        first.year == second.year
        and first.day == second.month
        and first.month == second.day
    )
    if swapped:
        low, high = sorted((first, second))
        return SWAPPED_DATE_FACTOR, (
            f"geboortedatum met dag en maand verwisseld ({low:%d-%m-%Y} / {high:%d-%m-%Y})"
        )
    return None


def score(first: PersonRecord, second: PersonRecord) -> tuple[float, tuple[str, ...]]:
    """The similarity of two records (0–1) and the Dutch reasons; 0 with a reason when excluded."""
    if first.bsn_key and second.bsn_key:
        if first.bsn_key == second.bsn_key:
            return 1.0, ("zelfde BSN",)
        return 0.0, ("verschillend BSN: verschillende personen",)
    date_factor = _date_factor(first.date_of_birth, second.date_of_birth)
    if date_factor is None:
        return 0.0, ("geboortedatum verschilt",)
    factor, date_reason = date_factor

    surname_a, surname_b = _surname(first), _surname(second)
    surname_similarity = jaro_winkler(surname_a, surname_b)
    given_similarity, given_reason = _given_similarity(first, second)
    straight = SURNAME_WEIGHT * surname_similarity + GIVEN_NAMES_WEIGHT * given_similarity

    given_a, _ = _given(first)
    given_b, _ = _given(second)
    cross = (jaro_winkler(surname_a, given_b), jaro_winkler(given_a, surname_b))
    swapped = SWAPPED_NAMES_FACTOR * (cross[0] + cross[1]) / 2
    if min(cross) >= SWAPPED_NAMES_MINIMUM and swapped > straight:
        reasons = ("voornaam en achternaam lijken verwisseld", date_reason)
        name_score = swapped
    else:
        if surname_similarity == 1.0:
            surname_reason = "zelfde achternaam"
            if f"{first.surname_prefix} {first.surname}".split() != (
                f"{second.surname_prefix} {second.surname}".split()
            ):
                surname_reason += " (na weglaten van tussenvoegsels, accenten en leestekens)"
        else:
            surname_reason = f"achternamen lijken op elkaar ({round(surname_similarity * 100)}%)"
        reasons = (surname_reason, given_reason, date_reason)
        name_score = straight
    if first.bsn_key or second.bsn_key:
        reasons = (*reasons, "één van beide heeft een BSN, de ander niet")
    else:
        reasons = (*reasons, "beide zonder BSN")
    return min(name_score * factor, 1.0), reasons


def compare(
    first: PersonRecord, second: PersonRecord, *, threshold: float = DEFAULT_THRESHOLD
) -> DuplicateMatch | None:
    """The proposal for this pair, or None when it scores below ``threshold`` (or is one record)."""
    if first.key == second.key:
        return None
    value, reasons = score(first, second)
    if value < threshold:
        return None
    low, high = sorted((first.key, second.key))
    return DuplicateMatch(first=low, second=high, score=value, reasons=reasons)


def _block(day: date) -> tuple[int, int, int]:
    """Records can only match within a block: same year, same {day, month} pair (or same BSN)."""
    return day.year, min(day.day, day.month), max(day.day, day.month)


def find_duplicates(
    records: Iterable[PersonRecord], *, threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicateMatch]:
    """Every proposed pair among ``records``, best score first (then by record keys)."""
    blocks: dict[object, list[PersonRecord]] = defaultdict(list)
    for record in records:
        blocks[_block(record.date_of_birth)].append(record)
        if record.bsn_key:
            blocks[("bsn", record.bsn_key)].append(record)
    compared: set[tuple[int, int]] = set()
    matches = []
    for members in blocks.values():
        for first, second in combinations(members, 2):
            pair = (min(first.key, second.key), max(first.key, second.key))
            if pair in compared:
                continue
            compared.add(pair)
            match = compare(first, second, threshold=threshold)
            if match is not None:
                matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.first, m.second))
    return matches
