from django.urls import path

from . import views

app_name = "monitor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rapport.<str:fmt>", views.export, name="export"),
    path("datakwaliteit/", views.quality, name="quality"),
    path("bestandsanalyse/", views.cohorts, name="cohorts"),
    path("definities/", views.definitions, name="definitions"),
]
