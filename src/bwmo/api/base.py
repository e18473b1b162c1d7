"""Shared base of the /api/v1/ views: the API-Version header."""

from django.conf import settings

from rest_framework.generics import GenericAPIView


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


class ApiView(GenericAPIView):
    # Every API response (errors too) carries `API-Version` (NL API Design Rules /core/version-header).

    def finalize_response(self, request, response, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = api_version()
        return response
