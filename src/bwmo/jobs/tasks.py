"""The one task in the queue: run a job by its id (the Job row holds everything else)."""

from django_tasks import task

from . import services


@task()
def run_job(job_id: int) -> str:
    return services.job_run(job_id)
