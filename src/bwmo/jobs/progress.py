"""Progress of a running job, visible to the job page while the job is still working.

A service that does its work in one transaction (all or nothing) reports its steps from inside
that transaction, where a plain UPDATE of the job row would only become visible at the commit.
So inside a transaction the progress goes out of band:
- PostgreSQL: through a second, autocommit connection of its own;
- SQLite: the writer holds the database's only write lock, so the progress goes to a small file
  next to the database (`VAR_DIR/jobs/<id>.json`); SQLite means one machine, so the web server
  reads the same file.
Outside a transaction the job row itself is updated. `current()` gives the page the latest."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .constants import JobStatus
from .models import Job

MIN_INTERVAL = 0.5  # seconds between two writes of intermediate progress


def _sidecar(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "jobs" / f"{job_id}.json"


def discard(job_id: int) -> None:
    _sidecar(job_id).unlink(missing_ok=True)


@dataclass
class Snapshot:
    done: int
    total: int
    step: str

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def current(job: Job) -> Snapshot:
    """The latest progress of `job`: the row, or the out-of-band file while it runs."""
    snapshot = Snapshot(job.progress_done, job.progress_total, job.step)
    if job.status == JobStatus.RUNNING:
        try:
            data = json.loads(_sidecar(job.pk).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return snapshot
        return Snapshot(int(data["done"]), int(data["total"]), str(data["step"]))
    return snapshot


class Progress:
    """Handed to a job's handler; call it as `progress(done, total, "Dutch step text")`."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = 0.0
        self._side: Any = None

    def __call__(self, done: int, total: int, step: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and done != total and now - self._last < MIN_INTERVAL:
            return
        self._last = now
        done, total, step = max(0, done), max(0, total), step[:200]
        connection = connections[Job.objects.db]
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=done, progress_total=total, step=step)
            discard(self.job.pk)
        elif connection.vendor == "postgresql":
            self._postgresql(done, total, step)
        else:
            self._file(done, total, step)

    def _postgresql(self, done: int, total: int, step: str) -> None:
        if self._side is None:
            self._side = connections.create_connection(Job.objects.db)
        with self._side.cursor() as cursor:  # autocommit: visible at once
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s, "  # noqa: S608
                "step = %s WHERE id = %s", [done, total, step, self.job.pk])

    def _file(self, done: int, total: int, step: str) -> None:
        path = _sidecar(self.job.pk)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"done": done, "total": total, "step": step,
                                   "at": timezone.now().isoformat()}), encoding="utf-8")
        os.replace(tmp, path)  # atomic: the page never reads half a file

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
        discard(self.job.pk)
