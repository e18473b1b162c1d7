from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("woonplaatsbeginsel/", views.settlement, name="settlement"),
    path("woonplaatsbeginsel/<int:year>/excel/", views.settlement_export, name="settlement-export"),
]
