from django.urls import path

from . import views

app_name = "register_import"

urlpatterns = [
    path("register/", views.import_register, name="import"),
]
