"""Input parsing for the follow-up screens; the rules live in `services` and `rules`."""

from django import forms

from bwmo.clients.forms import DateInput
from bwmo.journeys.forms import DATE_ERRORS, DATE_RANGE

from . import rules
from .constants import BezwaarOutcome, ReviewOutcome


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           error_messages=DATE_ERRORS, validators=DATE_RANGE, help_text=help_text)


class BezwaarForm(forms.Form):
    received_on = _date("Bezwaarschrift ontvangen op")
    grounds = forms.CharField(label="Gronden van het bezwaar", widget=forms.Textarea(attrs={"rows": 4}))
    advisory_committee = forms.BooleanField(
        label="Een bezwaarcommissie adviseert (Awb 7:13)", required=False,
        help_text="De beslistermijn is dan 12 weken in plaats van 6.",
    )


class BezwaarProgressForm(forms.Form):
    hearing_on = _date("Hoorzitting op", required=False)
    extension_weeks = forms.TypedChoiceField(
        label="Verdagen met", coerce=int, initial=0,
        choices=[(0, "Niet verdaagd")] + [(n, f"{n} weken") for n in
                                          range(1, rules.MAX_EXTENSION_WEEKS + 1)],
        help_text="Eén keer, hoogstens 6 weken (Awb 7:10 lid 3).",
    )
    extension_reason = forms.CharField(label="Reden verdaging", required=False, max_length=300)
    decided_on = _date("Beslissing op bezwaar op", required=False,
                       help_text="Alleen invullen als er is beslist.")
    outcome = forms.ChoiceField(label="Uitkomst", required=False,
                                choices=[("", "Nog niet beslist"), *BezwaarOutcome.choices])
    outcome_motivation = forms.CharField(label="Motivering beslissing", required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    held_on = _date("Gesprek gehouden op")
    outcome = forms.ChoiceField(label="Uitkomst", choices=[("", "Kies…"), *ReviewOutcome.choices])
    notes = forms.CharField(label="Verslag", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CrisisForm(forms.Form):
    place = forms.ChoiceField(
        label="Plaats voor de crisisopvang",
        help_text="Locaties met een vrije plaats vandaag.",
        error_messages={"required": "Kies een plaats.",
                        "invalid_choice": "Kies een plaats uit de lijst."},
    )
    start_date = _date("Start opvang")
    end_date = _date("Tijdelijk tot en met", help_text="Tot het onderzoek is afgerond en er "
                                                        "een beschikking is.")
    reason = forms.CharField(label="Waarom het spoedeisend is",
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, rows, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.rows = {f"{r.location.pk}-{r.product.pk}": r for r in rows}
        self.fields["place"].choices = [("", "Kies…")] + [
            (key, f"{r.location.name} ({r.location.municipality}) – {r.product.name}, "
                  f"{r.free} vrij") for key, r in self.rows.items()
        ]
