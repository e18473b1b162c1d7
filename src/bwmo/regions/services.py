"""Loading the reference data shipped in `regions/data/` (see data/SOURCE.md).

Municipalities come from CBS's 2026 classification (`gemeenten_2026.csv`), inhabitants, households
and boundaries from CBS Kerncijfers 2023 (`gemeenten_2023_kerncijfers.geojson`), and the four BW/MO
regions of the seeds from `seed_regions.csv`. A municipality present in one file and missing in the
other is reported, never silently dropped or invented. Loading is idempotent.
"""

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from .catalogue import PRODUCT_CATALOGUE
from .constants import DecisionMaker, ResponsibilityRuleSet
from .models import Municipality, Product, Region, RegionRuleSet

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DECENTRALISATION_DATE = date(2022, 1, 1)  # seeds 000, 001, 002

# Settings a region's own seed states; applied when the region is first created, after which
# functioneel beheer owns them.
SEED_REGION_SETTINGS: dict[str, dict[str, object]] = {
    # seed 004 Bijlage 4: "de formele besluitvorming over de toegang is door de gemeenten
    # gemandateerd aan een regionale budgethouder"
    "centraal-gelderland": {"decision_maker": DecisionMaker.REGIONAL},
    # seeds 001 and 002: "de toegang tot beschermd wonen wordt lokaal uitgevoerd"
    "ijssel-vecht": {"decision_maker": DecisionMaker.LOCAL},
    "west-brabant-west": {"decision_maker": DecisionMaker.LOCAL},
}


@dataclass
class LoadReport:
    municipalities: int = 0
    with_population: int = 0
    regions: int = 0
    products: int = 0
    warnings: list[str] = field(default_factory=list)


def _read_geojson(path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["gemeentecode"]: f for f in features}


@transaction.atomic
def reference_data_load(data_dir: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    with (data_dir / "gemeenten_2026.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    geo = _read_geojson(data_dir / "gemeenten_2023_kerncijfers.geojson")
    codes = {row["gm_code"] for row in rows}

    for row in rows:
        feature = geo.get(row["gm_code"])
        values = {"name": row["gemeentenaam"], "province": row["provincie"]}
        if feature is None:
            report.warnings.append(
                f"{row['gm_code']} {row['gemeentenaam']}: geen CBS-kerncijfers 2023 "
                "(inwoners en grens ontbreken)."
            )
        else:
            props = feature["properties"]
            values.update(
                inhabitants=props.get("aantalInwoners"),
                households=props.get("aantalHuishoudens"),
                boundary=feature["geometry"],
            )
            report.with_population += 1
        Municipality.objects.update_or_create(code=row["gm_code"], defaults=values)
        report.municipalities += 1
    for code in sorted(set(geo) - codes):
        name = geo[code]["properties"].get("gemeentenaam", "")
        report.warnings.append(
            f"{code} {name}: staat in de CBS-kerncijfers 2023 maar niet in de gemeentelijke "
            "indeling 2026; niet geladen."
        )

    with (data_dir / "seed_regions.csv").open(encoding="utf-8") as fh:
        region_rows = list(csv.DictReader(fh))
    by_region: dict[str, list[dict[str, str]]] = {}
    for row in region_rows:
        by_region.setdefault(row["region_slug"], []).append(row)
    for slug, members in by_region.items():
        centrum = [m for m in members if m["centrumgemeente"] == "ja"]
        if len(centrum) != 1:
            report.warnings.append(f"Regio {slug}: precies één centrumgemeente verwacht.")
            continue
        missing = [m["gm_code"] for m in members if m["gm_code"] not in codes]
        if missing:
            report.warnings.append(f"Regio {slug}: onbekende gemeenten {', '.join(missing)}.")
        centrumgemeente = Municipality.objects.get(code=centrum[0]["gm_code"])
        region, created = Region.objects.get_or_create(
            slug=slug,
            defaults={
                "name": members[0]["region_name"],
                "centrumgemeente": centrumgemeente,
                "decentralisation_date": DEFAULT_DECENTRALISATION_DATE,
                "source": members[0]["source"],
                **SEED_REGION_SETTINGS.get(slug, {}),
            },
        )
        Municipality.objects.filter(code__in=[m["gm_code"] for m in members]).update(region=region)
        if created:
            RegionRuleSet.objects.create(
                region=region, valid_from=region.decentralisation_date,
                rule_set=ResponsibilityRuleSet.SEED_2022,
            )
        report.regions += 1
        for product in PRODUCT_CATALOGUE.values():
            if product.optional:
                continue
            _, made = Product.objects.get_or_create(
                region=region, code=product.code,
                defaults={
                    "name": product.name, "track": str(product.track),
                    "category": str(product.category), "iwmo_category": str(product.iwmo_category),
                },
            )
            report.products += int(made)
    return report
