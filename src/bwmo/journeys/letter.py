"""The beschikking as a letter to the client (Dutch, A4, PDF via WeasyPrint).

The sender is the responsible municipality (its college van burgemeester en wethouders); under a
regional mandate (seed 004 Bijlage 4) the centrale toegang signs on the municipality's behalf.
The letter states the decision, the product and period, the reasons (toets, motivations,
responsibility) and the objection clause of the Algemene wet bestuursrecht (art. 6:7: six weeks).
No address is printed: the letter is sent through the municipality's own mail process.
"""

from typing import Any

from django.template.loader import render_to_string

from bwmo.regions.constants import DecisionMaker

from .constants import BeschikkingOutcome, Financing
from .models import Beschikking
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


def letter_pdf(beschikking: Beschikking) -> bytes:
    from weasyprint import HTML

    html = render_to_string("journeys/letter/beschikking_pdf.html", letter_context(beschikking))
    return HTML(string=html).write_pdf()
