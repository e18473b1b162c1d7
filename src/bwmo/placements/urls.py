from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("overzicht/", views.placement_list, name="list"),
    path("overzicht/export/", views.placement_export, name="list-export"),
    path("wachtlijst/", views.waiting_list, name="waiting_list"),
    path("wachtlijst/export/", views.waiting_export, name="waiting_list-export"),
    path("signalen/", views.signals, name="signals"),
    path("wachtlijst/<int:pk>/plaatsen/", views.waiting_place, name="waiting_place"),
    path("wachtlijst/<int:pk>/afvoeren/", views.waiting_remove, name="waiting_remove"),
    path("beschikking/<int:pk>/plaatsen/", views.beschikking_place, name="beschikking_place"),
    path("beschikking/<int:pk>/wachtlijst/", views.beschikking_waiting,
         name="beschikking_waiting"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/beeindigen/", views.placement_end, name="end"),
    path("<int:pk>/doorstroom/", views.placement_doorstroom, name="doorstroom"),
    path("<int:pk>/wonen/", views.placement_housing, name="housing"),
]
