from django import forms

from bwmo.capacity.forms import AccessibleForm

MAX_SCREEN_BYTES = 5 * 1024 * 1024
MAX_SCREEN_ROWS = 3000


class RegisterFileForm(AccessibleForm):
    file = forms.FileField(
        label="Register (CSV of Excel)",
        help_text="Eén rij per beschikking. Verplichte kolommen: bsn, voornamen, achternaam, "
                  "geboortedatum, beschikking (kenmerk), product, ingangsdatum. Verder: "
                  "tussenvoegsel, herkomst, gemeente, datum_besluit, financiering, aanbieder, "
                  "locatie, einddatum, uitstroom, bron.",
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCREEN_BYTES:
            raise forms.ValidationError(
                "Het bestand is groter dan 5 MB. Neem een groot register over met de opdracht "
                "'bwmo register-import' (zie de handleiding), of splits het bestand.")
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx).")
        return upload
