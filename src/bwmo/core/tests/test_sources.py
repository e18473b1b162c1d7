from bwmo.core.sources import DOCUMENTS, cite


def test_a_source_is_cited_by_its_title_on_screen():
    assert cite("seed 004 §3.1 (criteria)") == (
        "Transformatieplan ‘Samen aan zet!’ Centraal Gelderland (2019) §3.1 (criteria)")
    assert cite("seed 000 §1; seed 001 §2.5") == (
        "Regioplan BW/MO Zuidoost-Drenthe (2020) §1; "
        "Toekomstvisie beschermd wonen 2032, regio IJssel-Vecht §2.5")


def test_every_document_has_a_title_and_text_without_a_number_is_left_alone():
    assert set(DOCUMENTS) == {"000", "001", "002", "003", "004"}
    assert cite("Wmo 2015 art. 2.3.2") == "Wmo 2015 art. 2.3.2"
