"""Letters to the client (Dutch, A4, tagged PDF/UA-1 via WeasyPrint).

- The beschikking: the sender is the responsible municipality (its college van burgemeester en
  wethouders); under a regional mandate (the region's mandaatregeling)
  the centrale toegang signs on the municipality's behalf. The letter states the decision, the
  product and period, the reasons (toets, motivations, responsibility) and the objection clause of
  the Algemene wet bestuursrecht (art. 6:7: six weeks).
- The ontvangstbevestiging of a melding: what happens next and the client's rights under the Wmo
  2015 (onderzoek within six weeks, persoonlijk plan within seven days, free cliëntondersteuning).

Both print the client's postal address from the dossier (home address, or the briefadres "p/a"),
so the letter can be posted in a window envelope. No internal codes appear in a letter.
"""

from datetime import date, timedelta
from typing import Any

from django.template.loader import render_to_string

from bwmo.regions.constants import DecisionMaker

from .constants import BeschikkingOutcome, Financing
from .models import Beschikking, Melding
from .responsible import shown_from_record


def letter_context(beschikking: Beschikking) -> dict[str, Any]:
    melding = beschikking.melding
    region = melding.municipality.region
    sender = beschikking.responsible_municipality
    toets = beschikking.toets
    return {
        "beschikking": beschikking,
        "client": beschikking.client,
        "melding": melding,
        "sender": sender,
        "region": region,
        "under_mandate": beschikking.decision_maker == DecisionMaker.REGIONAL,
        "granted": beschikking.outcome == BeschikkingOutcome.GRANTED,
        "is_pgb": beschikking.financing == Financing.PGB,
        "toets": toets,
        "responsibility": shown_from_record(beschikking),
        "reference": f"{melding.track}-{beschikking.decided_on:%Y}-{beschikking.pk:05d}",
    }


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """A letter template as a tagged PDF (PDF/UA-1: structure, language and title for screen
    readers)."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def letter_pdf(beschikking: Beschikking) -> bytes:
    return render_pdf("journeys/letter/beschikking_pdf.html", letter_context(beschikking))


def receipt_context(melding: Melding, *, sent_on: date) -> dict[str, Any]:
    """The ontvangstbevestiging: sent by the municipality where the melding was made."""
    return {
        "melding": melding,
        "client": melding.client,
        "sender": melding.municipality,
        "region": melding.municipality.region,
        "sent_on": sent_on,
        "research_due": melding.reported_on + timedelta(weeks=6),
        "plan_due": melding.reported_on + timedelta(days=7),
        "reference": f"{melding.track}-{melding.reported_on:%Y}-M{melding.pk:05d}",
    }


def receipt_pdf(melding: Melding, *, sent_on: date) -> bytes:
    return render_pdf("journeys/letter/receipt_pdf.html", receipt_context(melding, sent_on=sent_on))
