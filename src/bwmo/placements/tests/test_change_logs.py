"""Issue 8: ending a placement could lose its access-log entry without any test failing."""

from datetime import date

from bwmo.audit.models import AccessLogEntry
from bwmo.placements import services
from bwmo.placements.constants import OutflowDestination
from bwmo.testing.scenario import build_scenario


def test_ending_a_placement_writes_its_access_log_entry(region):
    s = build_scenario(region)
    user = s.users["provider_own"]
    destination = next(d for d in OutflowDestination.values if d != OutflowDestination.DOORSTROOM)
    services.placement_end(placement=s.placement, end_date=date(2027, 3, 31),
                           destination=destination, acting_user=user)
    entry = AccessLogEntry.objects.get(user=user)
    assert (entry.client, entry.action, entry.detail) == (s.client, "update", "Plaatsing beëindigd")
    assert entry.hash and entry.prev_hash is not None
