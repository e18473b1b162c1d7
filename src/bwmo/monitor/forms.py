"""The monitor's selection: quarter, municipality (drill-down), product and ZIN/PGB."""

from __future__ import annotations

from datetime import date

from django import forms

from bwmo.regions.models import Region

from .kpis import Quarter


def quarter_choices(today: date, start_year: int) -> list[tuple[str, str]]:
    """From the last complete quarter back to the first quarter of ``start_year``."""
    current = Quarter.of(today).shift(-1)
    choices = []
    q = current
    while q.year >= start_year:
        choices.append((q.label, f"{q.year} kwartaal {q.quarter}"))
        q = q.shift(-1)
    return choices


class MonitorForm(forms.Form):
    kwartaal = forms.ChoiceField(label="Kwartaal")
    gemeente = forms.ChoiceField(label="Gebied", required=False)
    product = forms.ChoiceField(label="Product", required=False)
    financiering = forms.ChoiceField(
        label="Financiering", required=False,
        choices=[("", "ZIN en PGB"), ("zin", "Zorg in natura (ZIN)"),
                 ("pgb", "Persoonsgebonden budget (PGB)")])

    def __init__(self, *args, region: Region, today: date, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["kwartaal"].choices = quarter_choices(today, 2015)
        self.fields["gemeente"].choices = [("", f"Hele regio {region.name}"), *(
            (m.code, m.name) for m in region.municipalities.order_by("name"))]
        codes = sorted(set(region.products.values_list("code", "name")), key=lambda p: p[1])
        self.fields["product"].choices = [("", "Alle producten"), *codes]
        for name, text in (("kwartaal", "Kies een kwartaal uit de lijst."),
                           ("gemeente", "Kies een gemeente van de regio."),
                           ("product", "Kies een product uit de lijst."),
                           ("financiering", "Kies ZIN, PGB of beide.")):
            self.fields[name].error_messages["invalid_choice"] = text

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.cleaned_data["kwartaal"])
