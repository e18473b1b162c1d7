"""Session lifetime: the moment of login, the 10-hour limit, and ending a user's sessions."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.utils import timezone

LOGIN_AT_SESSION_KEY = "bwmo_login_at"


def expired(session: dict[str, object]) -> bool:
    """Whether the session is older than the absolute limit (SESSION_MAX_HOURS)."""
    started = session.get(LOGIN_AT_SESSION_KEY)
    if started is None:
        return True
    return timezone.now().timestamp() - float(started) > settings.BWMO_SESSION_MAX_AGE  # type: ignore[arg-type]


def end_sessions_of(user: AbstractBaseUser) -> int:
    """Deletes every stored session of the user (database sessions); returns how many."""
    ended = 0
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == user_id:
            session.delete()
            ended += 1
    return ended
