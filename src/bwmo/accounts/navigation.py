"""The main menu per role. Apps add their entries here, so the menu is defined in one place."""

from dataclasses import dataclass

from django.urls import reverse

from .constants import Role


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    roles: frozenset[str]
    description: str = ""


ALL_ROLES = frozenset(Role.values)

NAV_ENTRIES: list[NavEntry] = [
    NavEntry("home", "Start", ALL_ROLES),
    NavEntry(
        "clients:search", "Cliënten",
        frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER}),
        "Zoek een cliënt of registreer een nieuwe cliënt.",
    ),
    NavEntry(
        "audit:log", "Toegangslog", frozenset({Role.PRIVACY_OFFICER}),
        "Wie heeft welke cliëntgegevens ingezien of gewijzigd, wanneer en waarom.",
    ),
]


def nav_items_for(user, current_path: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    items = []
    for entry in NAV_ENTRIES:
        if user.role not in entry.roles and not (user.is_superuser and not user.role):
            continue
        url = reverse(entry.url_name)
        current = current_path == url if entry.url_name == "home" else current_path.startswith(url)
        items.append(
            {"url": url, "label": entry.label, "current": current, "description": entry.description}
        )
    return items
