"""Changing a municipality's basistakenpakket: all provisions in one transaction, or none."""

from collections.abc import Mapping

from django.db import transaction

from bwmo.accounts.models import User
from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Municipality

from .catalogue import BY_CODE
from .models import LocalProvision, ProvisionStatus
from .rules import may_edit


@transaction.atomic
def provisions_update(
    *, municipality: Municipality, entries: Mapping[str, tuple[str, str]], acting_user: User,
) -> int:
    """Set (status, note) per provision code; status "" clears it (niet ingevuld). Returns how
    many provisions changed."""
    if not may_edit(acting_user, municipality):
        raise DomainError(f"Alleen beleidsmedewerkers van {municipality} wijzigen dit.")
    unknown = sorted(set(entries) - set(BY_CODE))
    if unknown:
        raise DomainError(f"Onbekende voorziening: {', '.join(unknown)}.")
    current = {p.provision: p for p in LocalProvision.objects.select_for_update().filter(
        municipality=municipality)}
    changed = 0
    for code, (status, note) in entries.items():
        note = note.strip()
        if status and status not in ProvisionStatus.values:
            raise DomainError(f"{BY_CODE[code].label}: onbekende stand '{status}'.")
        if not status and note:
            raise DomainError(f"{BY_CODE[code].label}: kies eerst de stand bij een toelichting.",
                              field=f"{code}_status")
        row = current.get(code)
        if not status:
            if row is not None:
                row.delete()
                changed += 1
            continue
        if row is None:
            LocalProvision.objects.create(municipality=municipality, provision=code,
                                          status=status, note=note, changed_by=acting_user)
            changed += 1
        elif (row.status, row.note) != (status, note):
            row.status, row.note, row.changed_by = status, note, acting_user
            row.save()
            changed += 1
    return changed
