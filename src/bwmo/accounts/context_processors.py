from django.http import HttpRequest

from .navigation import nav_items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not getattr(user, "is_verified", lambda: True)():
        return {}  # signed in with the password only: no menu before the second factor
    return {"nav_items": nav_items_for(user, request.path)}
