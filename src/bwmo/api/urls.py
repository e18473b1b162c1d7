from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("meldingen", views.MeldingListApi.as_view(), name="meldingen"),
    path("meldingen/<int:pk>", views.MeldingDetailApi.as_view(), name="melding"),
    path("beschikkingen", views.BeschikkingListApi.as_view(), name="beschikkingen"),
    path("beschikkingen/<int:pk>", views.BeschikkingDetailApi.as_view(), name="beschikking"),
    path("capaciteit", views.CapaciteitApi.as_view(), name="capaciteit"),
    path("wachtlijst", views.WachtlijstApi.as_view(), name="wachtlijst"),
]
