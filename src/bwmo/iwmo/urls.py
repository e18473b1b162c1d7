from django.urls import path

from . import views

app_name = "iwmo"

urlpatterns = [
    path("berichten/", views.portal, name="portal"),
    path("berichten/<int:pk>/bestand/", views.download, name="download"),
    path("verzoeken/", views.verzoeken, name="verzoeken"),
    path("verzoeken/<int:pk>/", views.verzoek_answer, name="verzoek-answer"),
]
