from django.urls import path

from . import case_owner_views, termijn_views, views

app_name = "journeys"

urlpatterns = [
    path("werklijst/", views.worklist, name="worklist"),
    path("besluiten/", views.decisions, name="decisions"),
    path("besluiten/export/", views.decisions_export, name="decisions-export"),
    path("mijn-zaken/", case_owner_views.my_cases, name="my-cases"),
    path("meldingen/<int:pk>/behandelaar/", case_owner_views.melding_case_owner,
         name="melding-case-owner"),
    path("adviesvragen/", views.advice_queue, name="advice-queue"),
    path("wacht-op-besluit/", views.awaiting_decision, name="awaiting-decision"),
    path("adviesvragen/<int:pk>/", views.advice_answer, name="advice-answer"),
    path("meldingen/nieuw/", views.melding_create, name="melding-create"),
    path("clienten/<int:client_pk>/melding/", views.client_melding_create,
         name="client-melding-create"),
    path("meldingen/<int:pk>/", views.melding_detail, name="melding-detail"),
    path("meldingen/<int:pk>/datums/", views.melding_dates, name="melding-dates"),
    path("meldingen/<int:pk>/ontvangstbevestiging/", views.melding_receipt,
         name="melding-receipt"),
    path("meldingen/<int:pk>/intrekken/", views.melding_withdraw, name="melding-withdraw"),
    path("meldingen/<int:pk>/opschorting/", termijn_views.melding_suspension,
         name="melding-suspension"),
    path("meldingen/<int:pk>/verdaging/", termijn_views.melding_extension,
         name="melding-extension"),
    path("meldingen/<int:pk>/advies/", views.advice_request_create, name="advice-request"),
    path("meldingen/<int:pk>/toets/", views.toets_create, name="toets-create"),
    path("meldingen/<int:pk>/beschikking/", views.beschikking_create, name="beschikking-create"),
    path("toetsen/<int:pk>/", views.toets_detail, name="toets-detail"),
    path("beschikkingen/<int:pk>/", views.beschikking_detail, name="beschikking-detail"),
    path("beschikkingen/<int:pk>/brief/", views.beschikking_letter, name="beschikking-letter"),
]
