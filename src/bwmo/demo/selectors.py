"""Reading the demo logins back: one per role per region, for `bwmo demo-logins`."""

from __future__ import annotations

from dataclasses import dataclass

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User

from .generator import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD


@dataclass(frozen=True)
class DemoLogin:
    region: str
    role: str
    username: str
    password: str
    organisation: str
    others: int  # further demo users with the same role in the region


def demo_logins() -> list[DemoLogin]:
    """The first demo user (by username) of every role in every region with demo data.

    For the Wmo-consulent the centrumgemeente's consulent is shown first; `others` counts the
    remaining users with that role (one per municipality, provider or housing association).
    """
    users = (User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
             .select_related("organisation__region__centrumgemeente",
                             "organisation__municipality")
             .order_by("organisation__region__name", "username"))
    grouped: dict[tuple[str, str], list[User]] = {}
    for user in users:
        if user.organisation is None or not user.role:
            continue
        grouped.setdefault((user.organisation.region.name, user.role), []).append(user)
    role_order = {role.value: index for index, role in enumerate(Role)}
    result = []
    for (region, role), members in sorted(grouped.items(),
                                          key=lambda kv: (kv[0][0], role_order[kv[0][1]])):
        def centrum_first(user: User) -> tuple[bool, str]:
            org = user.organisation
            assert org is not None
            return (org.municipality_id != org.region.centrumgemeente_id, user.username)

        chosen = min(members, key=centrum_first)
        assert chosen.organisation is not None
        result.append(DemoLogin(region=region, role=Role(role).label, username=chosen.username,
                                password=DEMO_PASSWORD, organisation=chosen.organisation.name,
                                others=len(members) - 1))
    return result
