from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.client_search, name="search"),
    path("nieuw/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.client_edit, name="edit"),
    path("dubbel/", views.duplicate_list, name="duplicates"),
    path("dubbel/<int:first>/<int:second>/", views.duplicate_compare, name="compare"),
    path("samenvoeging/<int:pk>/ongedaan-maken/", views.merge_undo, name="unmerge"),
]
