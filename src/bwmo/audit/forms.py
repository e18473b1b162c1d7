from django import forms

from bwmo.core.bsn import InvalidBSN, normalise_bsn


class DateInput(forms.DateInput):
    input_type = "date"


class AccessLogSearchForm(forms.Form):
    client_number = forms.IntegerField(label="Cliëntnummer", required=False, min_value=1)
    bsn = forms.CharField(label="BSN van de cliënt", required=False, max_length=11)
    username = forms.CharField(label="Gebruikersnaam", required=False, max_length=150)
    date_from = forms.DateField(label="Vanaf", required=False, widget=DateInput())
    date_to = forms.DateField(label="Tot en met", required=False, widget=DateInput())

    def clean_bsn(self) -> str:
        value = self.cleaned_data["bsn"].strip()
        if value:
            try:
                return normalise_bsn(value)
            except InvalidBSN as exc:
                raise forms.ValidationError(str(exc)) from exc
        return ""

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", "De einddatum ligt voor de begindatum.")
        return cleaned
