from django import forms

from bwmo.capacity.forms import AccessibleForm
from bwmo.clients.forms import DateInput
from bwmo.regions.constants import ProductCategory


class MapFilterForm(AccessibleForm):
    soort = forms.ChoiceField(
        label="Soort plaats", required=False,
        choices=[("", "Alle soorten plaatsen"), *ProductCategory.choices],
    )
    peildatum = forms.DateField(label="Peildatum", required=False, widget=DateInput)
