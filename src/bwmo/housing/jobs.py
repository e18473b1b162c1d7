"""The matching run as a background job (bwmo.jobs): the same service as before."""

from datetime import date

from django.urls import reverse

from bwmo.jobs.models import Job
from bwmo.jobs.progress import Progress
from bwmo.jobs.registry import Outcome, register

from . import services

MATCHING = "housing.matching"


@register(MATCHING, "Matchingsronde transferpunt")
def matching_job(job: Job, progress: Progress) -> Outcome:
    run = services.matching_run(region=job.region, acting_user=job.started_by,
                                today=date.fromisoformat(job.parameters["today"]), progress=progress)
    return Outcome(
        summary={"run": run.pk, "housed": run.housed, "uitstromers": run.n_uitstromers,
                 "dwellings": run.n_dwellings, "lines": [
                     f"{run.housed} van {run.n_uitstromers} uitstromers voorgesteld voor de "
                     f"uitstroomtafel ({run.housed_preferred} in een voorkeursgemeente).",
                     f"{run.n_dwellings} beschikbare woningen bekeken.",
                 ]},
        url=reverse("housing:matching"), link_text="Naar de voorstellen van deze ronde",
    )
