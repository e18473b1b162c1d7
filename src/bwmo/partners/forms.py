from django import forms

from bwmo.capacity.forms import AccessibleForm

from .selectors import Breakdown


class PartnerExportForm(AccessibleForm):
    jaar = forms.IntegerField(label="Jaar", min_value=2015, max_value=2100)
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal", coerce=int, choices=[(q, f"Kwartaal {q}") for q in range(1, 5)],
    )
    indeling = forms.ChoiceField(label="Indeling van de rijen", choices=Breakdown.CHOICES)
    formaat = forms.ChoiceField(label="Bestand", choices=[("xlsx", "Excel (.xlsx)"),
                                                          ("csv", "CSV (puntkomma)")])
