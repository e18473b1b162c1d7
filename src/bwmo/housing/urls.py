from django.urls import path

from . import views

app_name = "housing"

urlpatterns = [
    path("uitstromers/", views.uitstromer_list, name="uitstromers"),
    path("uitstromers/<int:pk>/", views.uitstromer_detail, name="uitstromer-detail"),
    path("uitstromers/<int:pk>/intrekken/", views.uitstromer_withdraw, name="uitstromer-withdraw"),
    path("plaatsingen/<int:placement_pk>/uitstromer/", views.uitstromer_create, name="uitstromer-create"),
    path("aanbod/", views.offer_list, name="offers"),
    path("aanbod/nieuw/", views.offer_create, name="offer-create"),
    path("aanbod/<int:pk>/intrekken/", views.offer_withdraw, name="offer-withdraw"),
    path("contingenten/", views.contingent_list, name="contingents"),
    path("matching/", views.matching, name="matching"),
    path("uitstroomtafel/", views.uitstroomtafel, name="uitstroomtafel"),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    path("kandidaten/", views.candidates, name="candidates"),
    path("voorstellen/<int:pk>/uitstroom/", views.outflow_register, name="outflow-register"),
    path("nazorg/", views.aftercare_list, name="aftercare-list"),
    path("nazorg/<int:pk>/", views.aftercare_detail, name="aftercare"),
]
