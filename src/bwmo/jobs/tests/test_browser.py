"""In the browser: the transfer point starts a matching run; the job page waits in the queue,
follows the worker with htmx polling until "klaar", and links to the result. axe-core on each
page. The queue is a dummy that only records, so that the test itself plays the worker."""

import pytest
from playwright.sync_api import expect

from bwmo.housing.models import Proposal
from bwmo.housing.tests.helpers import build_world
from bwmo.jobs.constants import JobStatus
from bwmo.jobs.models import Job
from bwmo.jobs.services import job_run
from bwmo.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_matching_job_page_follows_the_worker_to_klaar(page, live_server, region, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    world = build_world(region)
    world.uitstromer(needs=("ground_floor",))
    world.offer(features=("ground_floor",))

    login(page, live_server, world.transfer_point)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Matching").click()
    page.get_by_role("button", name="Matching uitvoeren").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Matchingsronde transferpunt")
    expect(page.get_by_role("heading", name="Status: in de wachtrij")).to_be_visible()
    expect(page.get_by_label("Voortgang")).to_be_visible()  # the <progress>, with its label
    assert_accessible(page)

    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    job_run(job.pk)  # the worker

    page.get_by_role("heading", name="Status: klaar").wait_for(timeout=10_000)  # polled, no reload
    expect(page.get_by_text("1 van 1 uitstromers voorgesteld")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Naar de voorstellen van deze ronde").click()
    page.wait_for_load_state()
    expect(page.get_by_role("cell", name=Proposal.objects.get().explanation)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mijn taken").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Matchingsronde transferpunt")).to_be_visible()
    assert_accessible(page)
