from django.urls import path

from . import views

app_name = "maps"

urlpatterns = [
    path("", views.region_map, name="map"),
]
