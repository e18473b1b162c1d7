from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.access_log, name="log"),
    path("inzage/", views.client_log_export, name="client-export"),
]
