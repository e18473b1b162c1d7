"""A background job: one long operation (a matching run, a register import, …) started by a user,
worked by `bwmo db_worker`, with its progress and outcome for the job page (ADR 0020)."""

from django.db import models

from .constants import FINISHED, JobStatus


class Job(models.Model):
    kind = models.CharField("soort", max_length=60)
    started_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="jobs",
                                   verbose_name="gestart door")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="regio")
    parameters = models.JSONField("parameters", default=dict, blank=True)
    # what the job reads (an uploaded file); deleted as soon as the job has finished
    input_file = models.FileField("invoerbestand", upload_to="jobs/input/", blank=True)
    input_name = models.CharField("naam invoerbestand", max_length=255, blank=True)
    status = models.CharField("status", max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField("voortgang: gedaan", default=0)
    progress_total = models.PositiveIntegerField("voortgang: totaal", default=0)
    step = models.CharField("stap", max_length=200, blank=True)
    result = models.JSONField("resultaat", default=dict, blank=True)
    result_url = models.CharField("link naar het resultaat", max_length=300, blank=True)
    result_label = models.CharField("tekst van de link", max_length=120, blank=True)
    result_file = models.FileField("resultaatbestand", upload_to="jobs/result/", blank=True)
    error = models.TextField("foutmelding", blank=True)
    task_id = models.CharField("taak in de wachtrij", max_length=64, blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    started_at = models.DateTimeField("gestart op", null=True, blank=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "taak"
        verbose_name_plural = "taken"
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def label(self) -> str:
        from .registry import label_of

        return label_of(self.kind)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
