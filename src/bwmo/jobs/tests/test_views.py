"""The job page and "Mijn taken": only the user who started a job and functioneel beheer of its
region see it; the page polls with htmx while the job runs and stops when it has finished."""

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.housing.jobs import MATCHING
from bwmo.housing.tests.helpers import build_world
from bwmo.jobs.constants import JobStatus
from bwmo.jobs.models import Job
from bwmo.regions.models import Region
from bwmo.testing.factories import MunicipalityFactory, RegionFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(region):  # type: ignore[no-untyped-def]
    return build_world(region)


def _job(world, **kwargs) -> Job:  # type: ignore[no-untyped-def]
    data = {"kind": MATCHING, "started_by": world.transfer_point, "region": world.region,
            "status": JobStatus.RUNNING, "progress_done": 2, "progress_total": 8,
            "step": "Voorstel 3 van 8 opslaan", **kwargs}
    return Job.objects.create(**data)


def _other_region() -> Region:
    return RegionFactory(slug="elders", name="Elders", centrumgemeente=MunicipalityFactory(
        code="GM0999", name="Elders"), members=[])


def test_only_the_starter_and_beheer_of_the_region_see_a_job(client, world):
    job = _job(world)
    url = reverse("jobs:detail", args=[job.pk])
    allowed = [world.transfer_point, user_with_role(Role.FUNCTIONEEL_BEHEER, world.region)]
    refused = [user_with_role(Role.CT_ADVISEUR, world.region),  # a colleague of the same role
               world.provider_user, user_with_role(Role.BELEID, world.region),
               user_with_role(Role.FUNCTIONEEL_BEHEER, _other_region())]
    for user in allowed:
        client.force_login(user)
        assert client.get(url).status_code == 200, user.role
        assert "Matchingsronde transferpunt" in client.get(reverse("jobs:list")).content.decode()
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user.role
        assert "Matchingsronde transferpunt" not in client.get(reverse("jobs:list")).content.decode()


def test_a_running_job_shows_its_progress_and_polls(client, world):
    job = _job(world)
    client.force_login(world.transfer_point)

    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()

    assert '<progress id="taak-voortgang" max="8" value="2"' in html
    assert "Voorstel 3 van 8 opslaan: 2 van 8 (25%)" in html
    assert 'hx-trigger="every 1s"' in html
    part = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert part.lstrip().startswith('<section id="taak-status"') and "<html" not in part


def test_a_finished_job_stops_polling_and_shows_result_or_error(client, world):
    done = _job(world, status=JobStatus.DONE, progress_done=1, progress_total=1, step="Klaar",
                result={"lines": ["1 van 1 uitstromers voorgesteld."]},
                result_url="/uitstroom/matching/", result_label="Naar de voorstellen")
    failed = _job(world, status=JobStatus.FAILED, error="Er is niets gewijzigd.")
    client.force_login(world.transfer_point)

    html = client.get(reverse("jobs:detail", args=[done.pk])).content.decode()
    assert "Status: klaar" in html and "hx-trigger" not in html
    assert '<a class="utrecht-link" href="/uitstroom/matching/">Naar de voorstellen</a>' in html
    assert "1 van 1 uitstromers voorgesteld." in html
    html = client.get(reverse("jobs:detail", args=[failed.pk])).content.decode()
    assert "Status: mislukt" in html and 'role="alert"' in html and "Er is niets gewijzigd." in html
    assert "hx-trigger" not in html


def test_the_job_pages_accept_no_post(client, world):
    job = _job(world)
    client.force_login(world.transfer_point)
    assert client.post(reverse("jobs:detail", args=[job.pk])).status_code == 405
    assert client.post(reverse("jobs:list")).status_code == 405


def test_starting_the_matching_leads_to_the_job_page(client, world):
    world.uitstromer(needs=("ground_floor",))
    world.offer(features=("ground_floor",))
    client.force_login(world.transfer_point)

    response = client.post(reverse("housing:matching"))

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.started_by == world.transfer_point


def test_the_matching_page_points_to_a_run_that_is_still_going(client, world):
    job = _job(world, status=JobStatus.QUEUED)
    colleague = user_with_role(Role.CT_ADVISEUR, world.region)
    client.force_login(world.transfer_point)
    html = client.get(reverse("housing:matching")).content.decode()
    assert "Er loopt al een matchingsronde" in html
    assert f'href="{reverse("jobs:detail", args=[job.pk])}">Volg de voortgang' in html
    client.force_login(colleague)  # sees that a run is going, not a link to a page they cannot open
    html = client.get(reverse("housing:matching")).content.decode()
    assert "Er loopt al een matchingsronde" in html and "Volg de voortgang" not in html
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    assert "Er loopt al" not in client.get(reverse("housing:matching")).content.decode()
