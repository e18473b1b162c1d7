"""Jobs: enqueue → run → outcome or Dutch error, progress, the uploaded file discarded, and one run
through the real database queue and its `db_worker`."""

from datetime import date

from django.core.management import call_command
from django.db import connection, transaction

import pytest

from bwmo.accounts.constants import Role
from bwmo.housing import services as housing_services
from bwmo.housing.jobs import MATCHING
from bwmo.housing.models import MatchingRun, Proposal
from bwmo.housing.tests.helpers import TODAY, build_world
from bwmo.jobs import progress as job_progress
from bwmo.jobs import registry
from bwmo.jobs.constants import JobStatus
from bwmo.jobs.models import Job
from bwmo.jobs.services import STOPPED, UNEXPECTED, job_enqueue, job_run
from bwmo.placements.tests.helpers import build_world as build_placement_world
from bwmo.register_import import services as import_services
from bwmo.register_import.jobs import IMPORT
from bwmo.register_import.models import RegisterImport
from bwmo.register_import.tests.test_import import sound_file
from bwmo.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(region):  # type: ignore[no-untyped-def]
    return build_world(region)


def _ready(world) -> None:  # type: ignore[no-untyped-def]
    world.uitstromer(needs=("ground_floor",))
    world.offer(features=("ground_floor",))


def test_a_matching_job_runs_the_matching_and_links_to_it(world):
    _ready(world)

    job = job_enqueue(kind=MATCHING, started_by=world.transfer_point, region=world.region,
                      parameters={"today": TODAY.isoformat()})

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.step == "Klaar"
    assert job.progress_done == job.progress_total >= 1
    run = MatchingRun.objects.get()
    assert run.run_by == world.transfer_point and Proposal.objects.count() == 1
    assert job.result["run"] == run.pk and job.result["housed"] == 1
    assert job.result_url == "/uitstroom/matching/"
    assert job.task_id and job.started_at and job.finished_at and not job.error


def test_the_matching_reports_started_n_of_n_and_its_steps(world):
    _ready(world)
    world.uitstromer()
    world.offer()
    heard: list[tuple[int, int, str]] = []

    housing_services.matching_run(region=world.region, acting_user=world.transfer_point,
                                  today=TODAY, progress=lambda d, t, s: heard.append((d, t, s)))

    steps = [s for _, _, s in heard]
    assert steps[0] == "Uitstromers en woningen verzamelen"
    assert steps[1] == "Matching rekent: 2 uitstromers, 2 woningen"
    assert heard[2:] == [(0, 2, "Voorstel 1 van 2 opslaan"), (1, 2, "Voorstel 2 van 2 opslaan")]


def test_a_refused_matching_fails_with_the_dutch_message_and_changes_nothing(world):
    _ready(world)
    provider = world.provider_user  # not the transfer point

    job = job_enqueue(kind=MATCHING, started_by=provider, region=world.region,
                      parameters={"today": TODAY.isoformat()})

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Alleen het transferpunt van de regio voert de matching uit."
    assert not MatchingRun.objects.exists() and not Proposal.objects.exists()


def test_an_unexpected_error_fails_the_job_and_keeps_nothing(world, monkeypatch):
    _ready(world)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        MatchingRun.objects.create(region=world.region, run_by=world.transfer_point,
                                   n_uitstromers=0, n_dwellings=0, housed=0, housed_preferred=0,
                                   optimal=True, gap=0, method="x", seconds=0, unmatched=[])
        raise RuntimeError("solver crashed")

    real = housing_services.matching_run

    def atomic_broken(**kwargs):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            return broken(**kwargs)

    monkeypatch.setattr(housing_services, "matching_run", atomic_broken)
    job = job_enqueue(kind=MATCHING, started_by=world.transfer_point, region=world.region,
                      parameters={"today": TODAY.isoformat()})
    monkeypatch.setattr(housing_services, "matching_run", real)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == UNEXPECTED.format(pk=job.pk)
    assert "solver crashed" not in job.error  # no internals on the screen
    assert not MatchingRun.objects.exists()


def test_a_job_runs_once_even_when_delivered_twice(world):
    _ready(world)
    job = job_enqueue(kind=MATCHING, started_by=world.transfer_point, region=world.region,
                      parameters={"today": TODAY.isoformat()})

    assert job_run(job.pk) == "skipped"
    assert MatchingRun.objects.count() == 1


def test_an_unknown_kind_is_refused_before_anything_is_queued(world):
    with pytest.raises(registry.JobFailed, match="Onbekende soort taak"):
        job_enqueue(kind="nope", started_by=world.transfer_point, region=world.region)
    assert not Job.objects.exists()


@pytest.fixture
def beheer(region):  # type: ignore[no-untyped-def]
    build_placement_world(region)
    return user_with_role(Role.FUNCTIONEEL_BEHEER, region)


def test_a_register_import_job_imports_and_discards_the_file(region, beheer):
    job = job_enqueue(kind=IMPORT, started_by=beheer, region=region, input_name="register.csv",
                      input_data=sound_file().encode())

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    run = RegisterImport.objects.get()
    assert run.imported_by == beheer and run.filename == "register.csv"
    assert job.result["import_id"] == run.pk and job.result["applied"] is True
    assert job.result["lines"][0] == "Het register is overgenomen: 3 beschikkingen van 2 cliënten."
    assert not job.input_file  # the file with BSNs is not kept


def test_a_register_import_job_with_problems_changes_nothing(region, beheer):
    import_services.register_import(region=region, data=sound_file().encode(), filename="a.csv",
                                    acting_user=beheer, today=date.today(), dry_run=False)
    job = job_enqueue(kind=IMPORT, started_by=beheer, region=region, input_name="b.csv",
                      input_data=sound_file().encode())  # the same rows again

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Het register is niet overgenomen: 3 rijen met een probleem. "
                                "Er is niets gewijzigd.")
    assert RegisterImport.objects.count() == 1
    assert not job.input_file


@pytest.mark.skipif(connection.vendor != "sqlite",
                    reason="SQLite's out-of-band file; PostgreSQL uses a second connection")
def test_progress_inside_a_transaction_is_visible_before_the_commit(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    job = Job.objects.create(kind=MATCHING, started_by=world.transfer_point, region=world.region,
                             status=JobStatus.RUNNING)
    report = job_progress.Progress(job)

    with transaction.atomic():
        report(3, 10, "Rij 4 van 10 verwerken", force=True)
        # another process cannot see an UPDATE before the commit: on SQLite the progress is in
        # the file next to the database, which the page reads
        assert (tmp_path / "jobs" / f"{job.pk}.json").exists()
        row = Job.objects.values_list("progress_done", "progress_total").get(pk=job.pk)
        assert row == (0, 0)
        seen = job_progress.current(Job.objects.get(pk=job.pk))
    assert (seen.done, seen.total, seen.step, seen.percent) == (3, 10, "Rij 4 van 10 verwerken", 30)

    report.close()
    assert not (tmp_path / "jobs" / f"{job.pk}.json").exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_job(region, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    world = build_world(region)
    _ready(world)

    job = job_enqueue(kind=MATCHING, started_by=world.transfer_point, region=world.region,
                      parameters={"today": TODAY.isoformat()})

    assert job.status == JobStatus.QUEUED and not MatchingRun.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert Proposal.objects.count() == 1
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_a_worker_stopped_mid_job_leaves_nothing_and_says_so(world, monkeypatch):
    _ready(world)
    job = Job.objects.create(kind=MATCHING, started_by=world.transfer_point, region=world.region,
                             parameters={"today": TODAY.isoformat()})

    def interrupted(**kwargs):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            housing_services.build_problem(world.region, TODAY)
            MatchingRun.objects.create(region=world.region, run_by=world.transfer_point,
                                       n_uitstromers=0, n_dwellings=0, housed=0,
                                       housed_preferred=0, optimal=True, gap=0, method="x",
                                       seconds=0, unmatched=[])
            raise SystemExit(1)  # db_worker's second signal

    monkeypatch.setattr(housing_services, "matching_run", interrupted)
    with pytest.raises(SystemExit):
        job_run(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == STOPPED
    assert not MatchingRun.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's second connection")
@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_reaches_another_connection_on_postgresql(region):
    from django.db import connections

    world = build_world(region)
    job = Job.objects.create(kind=MATCHING, started_by=world.transfer_point, region=world.region,
                             status=JobStatus.RUNNING)
    report = job_progress.Progress(job)
    other = connections.create_connection("default")  # the web server's, say
    try:
        with transaction.atomic():
            report(3, 10, "Rij 4 van 10 verwerken", force=True)
            with other.cursor() as cursor:
                cursor.execute("SELECT progress_done, progress_total, step FROM jobs_job "
                               "WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (3, 10, "Rij 4 van 10 verwerken")
    finally:
        other.close()
        report.close()
