"""The real import of a register as a background job (bwmo.jobs): the same service as the
command. The dry run stays on the screen; the file it approved is handed to the job."""

from django.urls import reverse
from django.utils import timezone

from bwmo.jobs.models import Job
from bwmo.jobs.progress import Progress
from bwmo.jobs.registry import JobFailed, Outcome, register
from bwmo.jobs.services import read_input

from . import services

IMPORT = "register_import.import"


@register(IMPORT, "Overname register")
def import_job(job: Job, progress: Progress) -> Outcome:
    report = services.register_import(
        region=job.region, data=read_input(job), filename=job.input_name,
        acting_user=job.started_by, today=timezone.localdate(), dry_run=False, progress=progress)
    if report.file_error:
        raise JobFailed(f"Het register is niet overgenomen: {report.file_error} Er is niets gewijzigd.")
    if not report.applied:
        raise JobFailed(
            f"Het register is niet overgenomen: {report.problems} "
            f"rij{'en' if report.problems != 1 else ''} met een probleem. Er is niets gewijzigd. "
            "Doe de proefimport opnieuw en los de problemen op.")
    clients = len({row.bsn for row in report.rows})
    return Outcome(
        summary={**report.as_json(), "lines": [
            f"Het register is overgenomen: {report.counts['beschikkingen']} beschikkingen van "
            f"{clients} cliënten.",
            f"{report.counts['clients_created']} nieuwe cliënten, "
            f"{report.counts['clients_existing']} bestaande aangevuld, "
            f"{report.counts['placements']} plaatsingen.",
        ]},
        url=reverse("register_import:import"), link_text="Naar de overname van het register",
    )
