from django import forms

from bwmo.audit.forms import DATE_RANGE, MAX_CLIENT_NUMBER, DateInput

CLIENT_NUMBER = {"label": "Cliëntnummer", "min_value": 1, "max_value": MAX_CLIENT_NUMBER,
                 "error_messages": {"required": "Vul het cliëntnummer in.",
                                    "max_value": "Dit cliëntnummer bestaat niet."}}


class DecisionForm(forms.Form):
    """Approve, reject or withdraw the approval of one destruction proposal."""

    decision = forms.ChoiceField(
        label="Besluit", widget=forms.RadioSelect,
        choices=[("approve", "Goedkeuren: vernietigen bij de volgende run"),
                 ("reject", "Afwijzen: gegevens blijven bewaard"),
                 ("withdraw", "Goedkeuring intrekken")],
        error_messages={"required": "Kies een besluit."},
    )
    note = forms.CharField(label="Toelichting (verplicht bij afwijzen)", required=False,
                           max_length=500)


class LegalHoldForm(forms.Form):
    client_number = forms.IntegerField(**CLIENT_NUMBER)  # type: ignore[arg-type]
    reason = forms.CharField(label="Reden van de bewaarplicht", max_length=300,
                             help_text="Bijvoorbeeld: beroep bij de rechtbank, zaaknummer.",
                             error_messages={"required": "Vul de reden in."})


class LiftForm(forms.Form):
    reason = forms.CharField(label="Reden van opheffen", max_length=300,
                             error_messages={"required": "Vul de reden van opheffen in."})


class RequestForm(forms.Form):
    client_number = forms.IntegerField(**CLIENT_NUMBER)  # type: ignore[arg-type]
    reference = forms.CharField(label="Kenmerk van het verzoek", max_length=60,
                                error_messages={"required": "Vul het kenmerk in."})
    received_on = forms.DateField(label="Ontvangen op", widget=DateInput(), validators=DATE_RANGE,
                                  error_messages={"required": "Vul de ontvangstdatum in.",
                                                  "invalid": "Vul een geldige datum in."})


class RequestDecisionForm(forms.Form):
    grant = forms.ChoiceField(
        label="Besluit op het verzoek", widget=forms.RadioSelect,
        choices=[("yes", "Toewijzen: de gegevens worden vernietigd"),
                 ("no", "Afwijzen (Wmo 2015 art. 5.3.6)")],
        error_messages={"required": "Kies toewijzen of afwijzen."},
    )
    reason = forms.CharField(label="Motivering (verplicht bij afwijzen)", required=False,
                             max_length=500)
