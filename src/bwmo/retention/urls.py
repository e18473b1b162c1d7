from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("voorstel/<int:pk>/besluit/", views.item_decide, name="item-decide"),
    path("bewaarplicht/", views.hold_place, name="hold-place"),
    path("bewaarplicht/<int:pk>/opheffen/", views.hold_lift, name="hold-lift"),
    path("verzoek/", views.request_register, name="request-register"),
    path("verzoek/<int:pk>/besluit/", views.request_decide, name="request-decide"),
]
