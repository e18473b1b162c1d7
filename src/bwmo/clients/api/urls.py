from django.urls import path

from . import views

app_name = "clients-api"

urlpatterns = [
    path("clienten", views.ClientListApi.as_view(), name="list"),
    path("clienten/<int:pk>", views.ClientDetailApi.as_view(), name="detail"),
]
