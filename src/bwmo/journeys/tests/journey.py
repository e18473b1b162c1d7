"""Helpers that walk a melding through the klantreis with the real services (tests only)."""

from datetime import date

from bwmo.journeys import services
from bwmo.journeys.models import Melding

from .conftest import ELIGIBLE_BW, ELIGIBLE_MO, TODAY, days_ago


def melding_for(client, user, *, reported_on: date | None = None, track: str = "BW",
                municipality=None, origin="client", **extra) -> Melding:  # type: ignore[no-untyped-def]
    data = services.MeldingData(
        track=track, source=extra.pop("source", "huisarts"),
        reported_on=reported_on or days_ago(30),
        municipality=municipality or user.organisation.municipality,
        origin_municipality=client.origin_municipality if origin == "client" else origin,
        homelessness_cause=extra.pop("homelessness_cause", "eviction" if track == "MO" else ""),
        **extra,
    )
    return services.melding_register(client=client, data=data, acting_user=user, today=TODAY)


def ready_for_decision(melding: Melding, user, *, aanvraag_on: date | None = None,
                       answers: dict | None = None):  # type: ignore[no-untyped-def]
    """Record the aanvraag and run the toets; returns the toets."""
    services.melding_record_dates(
        melding=melding, aanvraag_on=aanvraag_on or days_ago(10),
        investigation_completed_on=None, acting_user=user, today=TODAY,
    )
    if answers is None:
        answers = ELIGIBLE_MO if melding.track == "MO" else ELIGIBLE_BW
    return services.toets_record(
        melding=melding, answers=services.ToetsAnswers(**answers), notes="", acting_user=user,
        today=TODAY,
    )


def granted(default_provider, **overrides) -> services.BeschikkingInput:  # type: ignore[no-untyped-def]
    values = {
        "outcome": "granted", "decided_on": TODAY, "product_code": "BW", "financing": "zin",
        "provider": default_provider, "start_date": days_ago(5), "end_date": date(2027, 11, 30),
    }
    values.update(overrides)
    return services.BeschikkingInput(**values)
