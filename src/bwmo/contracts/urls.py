from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("nieuw/", views.contract_create, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/tarief/", views.tariff_add, name="tariff-add"),
    path("<int:pk>/verlengen/", views.option_exercise, name="exercise"),
    path("<int:pk>/afspraak/", views.commitment_add, name="commitment-add"),
    path("afspraken/<int:pk>/", views.commitment_update, name="commitment-update"),
    path("aanbieders/<int:pk>/", views.provider_detail, name="provider"),
    path("aanbieders/<int:pk>/keurmerk/", views.evidence_add, name="evidence-add"),
    path("aanbieders/<int:pk>/inspectie/", views.inspection_add, name="inspection-add"),
    path("aanbieders/<int:pk>/signaal/", views.signal_add, name="signal-add"),
    path("aanbieders/<int:pk>/gesprek/", views.talk_create, name="talk-create"),
    path("inspecties/<int:pk>/afsluiten/", views.inspection_close, name="inspection-close"),
    path("signalen/<int:pk>/afhandelen/", views.signal_close, name="signal-close"),
    path("gesprekken/<int:pk>/", views.talk_detail, name="talk"),
    path("gesprekken/<int:pk>/actie/", views.action_add, name="action-add"),
    path("acties/<int:pk>/afronden/", views.action_done, name="action-done"),
    path("clientervaring/", views.experience_import, name="experience-import"),
]
