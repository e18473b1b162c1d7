import pytest

from bwmo.regions.models import Municipality, Region
from bwmo.regions.services import reference_data_load


@pytest.mark.django_db
def test_loads_every_municipality_and_the_four_seed_regions_idempotently():
    first = reference_data_load()
    second = reference_data_load()

    assert Municipality.objects.count() == 342
    assert first.with_population == 342
    assert Region.objects.count() == 4
    assert second.products == 0  # nothing duplicated on a second run
    arnhem = Municipality.objects.get(code="GM0202")
    assert arnhem.inhabitants == 165770 and arnhem.boundary["type"] in {"Polygon", "MultiPolygon"}
    cg = Region.objects.get(slug="centraal-gelderland")
    assert cg.centrumgemeente == arnhem
    assert set(cg.municipalities.values_list("code", flat=True)) >= {"GM0275", "GM1705", "GM0274"}
    assert cg.municipalities.count() == 10
    assert cg.rule_sets.count() == 1
    assert cg.decision_maker == "regional"  # seed 004 Bijlage 4: mandate to a regional budget holder
    assert Region.objects.get(slug="west-brabant-west").decision_maker == "local"  # seed 002


@pytest.mark.django_db
def test_a_municipality_missing_from_one_file_is_reported(tmp_path):
    import shutil

    from bwmo.regions.services import DATA_DIR

    for name in ("gemeenten_2023_kerncijfers.geojson", "seed_regions.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    lines = (DATA_DIR / "gemeenten_2026.csv").read_text(encoding="utf-8").splitlines()
    lines.append("9999,GM9999,Nieuwegemeente,Utrecht")
    (tmp_path / "gemeenten_2026.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = reference_data_load(tmp_path)

    assert any("GM9999" in w and "kerncijfers" in w for w in report.warnings)
    assert any("GM0998" in w for w in report.warnings)
    assert Municipality.objects.get(code="GM9999").inhabitants is None
