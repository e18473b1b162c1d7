from django.urls import path

from . import views

app_name = "placements-api"

urlpatterns = [
    path("plaatsingen", views.PlacementListCreateApi.as_view(), name="list"),
]
