from django.urls import path

from . import views

app_name = "clients-api"

urlpatterns = [
    path("clients/", views.ClientListApi.as_view(), name="list"),
    path("clients/<int:pk>/", views.ClientDetailApi.as_view(), name="detail"),
]
