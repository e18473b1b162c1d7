from django.urls import path

from . import views

app_name = "basisinfrastructuur"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/wijzigen/", views.edit, name="edit"),
]
