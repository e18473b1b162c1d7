from django.contrib import admin
from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView

from bwmo.accounts.middleware import admin_login, health
from bwmo.home.views import home

admin.site.site_header = "bwmo – functioneel beheer"
admin.site.site_title = "bwmo beheer"

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/", include("bwmo.accounts.urls")),
    path("clienten/", include("bwmo.clients.urls")),
    path("toegangslog/", include("bwmo.audit.urls")),
    path("bewaartermijn/", include("bwmo.retention.urls")),
    path("toegang/", include("bwmo.journeys.urls")),
    path("plaatsing/", include("bwmo.placements.urls")),
    path("vervolg/", include("bwmo.followups.urls")),
    path("capaciteit/", include("bwmo.capacity.urls")),
    path("uitstroom/", include("bwmo.housing.urls")),
    path("financien/", include("bwmo.finance.urls")),
    path("contracten/", include("bwmo.contracts.urls")),
    path("iwmo/", include("bwmo.iwmo.urls")),
    path("monitor/", include("bwmo.monitor.urls")),
    path("overname/", include("bwmo.register_import.urls")),
    path("taken/", include("bwmo.jobs.urls")),
    path("kaart/", include("bwmo.maps.urls")),
    path("ketenpartners/", include("bwmo.partners.urls")),
    path("basisinfrastructuur/", include("bwmo.basisinfrastructuur.urls")),
    path("beheer/login/", admin_login),  # the admin logs in through ours (password + code)
    path("beheer/", admin.site.urls),
    path("api/v1/", include("bwmo.clients.api.urls")),
    path("api/v1/", include("bwmo.placements.api.urls")),
    path("api/v1/", include("bwmo.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
handler404 = "bwmo.api.problems.page_not_found"
