from django import forms

from bwmo.capacity.forms import AccessibleForm

from .catalogue import GROUPS
from .models import LocalProvision, ProvisionStatus


class YearForm(AccessibleForm):
    jaar = forms.IntegerField(label="Jaar van de instroom", min_value=2015, max_value=2100)


class ProvisionsForm(AccessibleForm):
    """Per provision: its status (or niet ingevuld) and a short note."""

    def __init__(self, *args, current: dict[str, LocalProvision], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for group in GROUPS:
            for p in group.provisions:
                row = current.get(p.code)
                self.fields[f"{p.code}_status"] = forms.ChoiceField(
                    label=p.label, required=False,
                    choices=[("", "Niet ingevuld"), *ProvisionStatus.choices],
                    initial=row.status if row else "",
                )
                self.fields[f"{p.code}_note"] = forms.CharField(
                    label=f"Toelichting bij {p.label}", required=False, max_length=300,
                    initial=row.note if row else "",
                )
        self._describe()

    def groups(self):  # type: ignore[no-untyped-def]
        return [
            (g.label, [(self[f"{p.code}_status"], self[f"{p.code}_note"]) for p in g.provisions])
            for g in GROUPS
        ]

    def entries(self) -> dict[str, tuple[str, str]]:
        return {
            p.code: (self.cleaned_data[f"{p.code}_status"], self.cleaned_data[f"{p.code}_note"])
            for g in GROUPS for p in g.provisions
        }
