from django.urls import path

from . import views

app_name = "capacity"

urlpatterns = [
    path("overzicht/", views.capacity_overview, name="overview"),
    path("spreiding/", views.spreading, name="spreading"),
    path("mijn-locaties/", views.my_locations, name="my_locations"),
    path("locaties/<int:pk>/", views.location_detail, name="location_detail"),
    path("locaties/<int:pk>/wijzigen/", views.capacity_change, name="change"),
]
