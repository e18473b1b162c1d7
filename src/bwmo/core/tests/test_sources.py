from bwmo.core.sources import DOCUMENTS, cite


def test_a_source_is_cited_by_its_title_on_screen():
    assert cite("seed 004 §3.1 (criteria)") == "Transformatieplan Centraal Gelderland §3.1 (criteria)"
    assert cite("seed 000 §1; seed 001 §2.5") == (
        "Regioplan BW/MO Zuidoost-Drenthe §1; Toekomstvisie beschermd wonen 2032 IJssel-Vecht §2.5")


def test_the_internal_specification_is_not_cited_on_screen():
    assert cite("seed 004 §2.1 en §3.2; DOMAIN §4") == "Transformatieplan Centraal Gelderland §2.1 en §3.2"


def test_every_document_has_a_title_and_text_without_a_number_is_left_alone():
    assert set(DOCUMENTS) == {"000", "001", "002", "003", "004"}
    assert cite("Wmo 2015 art. 2.3.2") == "Wmo 2015 art. 2.3.2"
