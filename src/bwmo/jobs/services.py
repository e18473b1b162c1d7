"""Start a job and run it. `job_enqueue` is called by a view (or a command); the queue's worker
calls `job_run` through `bwmo.jobs.tasks.run_job`. The handler of the job's kind calls the same
service as the synchronous screen or command, so what a job does is exactly what they do."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Region

from . import registry
from .constants import JobStatus
from .models import Job
from .progress import Progress

logger = logging.getLogger(__name__)

UNEXPECTED = ("De taak is onverwacht gestopt. Er is niets gewijzigd. Probeer het opnieuw; "
              "gebeurt het weer, meld het dan bij functioneel beheer (taak {pk}).")


STOPPED = ("De taak is afgebroken omdat de verwerking werd gestopt. Er is niets gewijzigd. "
           "Start de taak opnieuw.")


def job_enqueue(*, kind: str, started_by: User, region: Region,
                parameters: dict[str, Any] | None = None,
                input_name: str = "", input_data: bytes | None = None) -> Job:
    """Record the job and put it in the queue (both or neither)."""
    from .tasks import run_job

    registry.kind(kind)  # an unknown kind fails here, not in the worker
    with transaction.atomic():
        job = Job.objects.create(kind=kind, started_by=started_by, region=region,
                                 parameters=parameters or {}, input_name=input_name[:255],
                                 step="In de wachtrij")
        if input_data is not None:
            job.input_file.save(f"job-{job.pk}.bin", ContentFile(input_data), save=True)
    # after the commit the worker may pick it up; an immediate backend (tests) runs it here
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_run(job_id: int) -> str:
    """Run one queued job: mark it running, call its handler, store the outcome or the Dutch
    error. The handler's service is atomic, so a failure leaves nothing half-done."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress_done=0, progress_total=0,
        step="Gestart")
    if not claimed:
        return "skipped"  # already run (a queue delivers at least once)
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    try:
        outcome = registry.kind(job.kind).handler(job, progress)
    except (registry.JobFailed, DomainError) as exc:
        _fail(job, exc.message)
        return "failed"
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, UNEXPECTED.format(pk=job.pk))
        raise
    except BaseException:  # the worker was stopped mid-job: its transaction was rolled back
        _fail(job, STOPPED)
        raise
    finally:
        progress.close()
        _discard_input(job)
    job.refresh_from_db()
    job.status = JobStatus.DONE
    job.progress_total = max(job.progress_total, 1)
    job.progress_done = job.progress_total
    job.step = "Klaar"
    job.result = outcome.summary
    job.result_url = outcome.url[:300]
    job.result_label = outcome.link_text[:120]
    job.finished_at = timezone.now()
    if outcome.file_data:
        job.result_file.save(outcome.file_name or f"taak-{job.pk}", ContentFile(outcome.file_data),
                             save=False)
    job.save()
    return "done"


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message,
                                         step="Mislukt", finished_at=timezone.now())


def _discard_input(job: Job) -> None:
    """The uploaded file can hold client data: it is kept only as long as the job needs it."""
    if job.input_file:
        job.input_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(input_file="")


def read_input(job: Job) -> bytes:
    if not job.input_file:
        raise registry.JobFailed("Het bestand van deze taak is er niet meer. Begin opnieuw.")
    with job.input_file.open("rb") as handle:
        data: bytes = handle.read()
    return data
