from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("bezwaren/", views.bezwaar_list, name="bezwaar-list"),
    path("bezwaren/<int:pk>/", views.bezwaar_detail, name="bezwaar-detail"),
    path("beschikkingen/<int:pk>/bezwaar/", views.bezwaar_create, name="bezwaar-create"),
    path("meldingen/<int:pk>/crisisopvang/", views.crisis_create, name="crisis-create"),
    path("herindicaties/", views.herindicatie_list, name="herindicatie-list"),
    path("18-18plus/", views.youth_list, name="youth-list"),
    path("voortgangsgesprekken/", views.review_list, name="review-list"),
    path("plaatsingen/<int:pk>/voortgangsgesprek/", views.review_create, name="review-create"),
]
