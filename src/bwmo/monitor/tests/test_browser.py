"""Beleid opens the kwartaalmonitor, switches quarter and municipality, downloads PDF and Excel;
the PDF's first page is rendered to PNG and is not blank."""

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import user_with_role

from .scenario import build_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _not_blank_png(pdf_bytes: bytes, target) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    assert len(document) >= 1
    image = document[0].render(scale=1).to_pil().convert("L")
    image.save(target)
    assert target.read_bytes().startswith(b"\x89PNG")
    histogram = image.histogram()
    dark = sum(histogram[:200])  # pixels that are not (near) white
    assert dark > 0.005 * image.width * image.height, "the first page is blank"


def test_beleid_reads_the_monitor_and_downloads_the_reports(page, live_server, region, rheden,
                                                            tmp_path):
    build_history(region, clients=40)
    beleid = user_with_role(Role.BELEID, region)

    login(page, live_server, beleid)
    page.get_by_role("link", name="Kwartaalmonitor").first.click()
    page.get_by_role("combobox", name="Kwartaal").select_option("2024-K2")
    page.get_by_role("button", name="Toon monitor").click()
    expect(page.get_by_role("heading", name="Kwartaalmonitor Centraal Gelderland")).to_be_visible()
    expect(page.get_by_text("Kwartaalupdate")).to_be_visible()
    expect(page.locator("canvas[data-series='clienten_in_zorg']")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("combobox", name="Kwartaal").select_option("2024-K1")
    page.get_by_role("combobox", name="Gebied").select_option(rheden.code)
    page.get_by_role("button", name="Toon monitor").click()
    expect(page.get_by_role("heading", name="Kwartaalmonitor Rheden")).to_be_visible()
    expect(page.get_by_text("Uitgebreide rapportage")).to_be_visible()
    page.get_by_role("link", name="Cliënten in zorg").first.click()
    expect(page.get_by_role("heading", name="Definities van de kwartaalmonitor")).to_be_visible()
    page.go_back()

    with page.expect_download() as info:
        page.get_by_role("link", name="rapport als PDF").click()
    pdf = tmp_path / "monitor.pdf"
    info.value.save_as(pdf)
    assert info.value.suggested_filename == f"kwartaalmonitor-{rheden.code}-2024-K1.pdf"
    _not_blank_png(pdf.read_bytes(), tmp_path / "page1.png")

    with page.expect_download() as info:
        page.get_by_role("link", name="werkmap als Excel").click()
    xlsx = tmp_path / "monitor.xlsx"
    info.value.save_as(xlsx)
    from openpyxl import load_workbook

    assert "Cliënten en stromen" in load_workbook(xlsx).sheetnames

    page.get_by_role("link", name="Datakwaliteit").click()
    expect(page.get_by_role("heading", name="Datakwaliteit Rheden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bestandsanalyse").click()
    expect(page.get_by_role("heading", name="Bestandsanalyse Rheden")).to_be_visible()
    assert_accessible(page)
