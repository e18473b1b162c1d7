from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "In de wachtrij"
    RUNNING = "running", "Bezig"
    DONE = "done", "Klaar"
    FAILED = "failed", "Mislukt"


FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED})
