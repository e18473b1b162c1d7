from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.export_form, name="export-form"),
    path("export/", views.export_download, name="export"),
]
