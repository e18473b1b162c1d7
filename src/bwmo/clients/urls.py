from django.urls import path

from . import dossier_views, referral_views, views

app_name = "clients"

urlpatterns = [
    path("", views.client_search, name="search"),
    path("nieuw/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.client_edit, name="edit"),
    path("<int:pk>/adres/", dossier_views.contact_details_edit, name="contact-details"),
    path("<int:pk>/personen/nieuw/", dossier_views.relation_create, name="relation-create"),
    path("<int:pk>/personen/<int:relation_pk>/wijzigen/", dossier_views.relation_edit,
         name="relation-edit"),
    path("<int:pk>/personen/<int:relation_pk>/verwijderen/", dossier_views.relation_remove,
         name="relation-remove"),
    path("<int:pk>/notities/nieuw/", dossier_views.note_create, name="note-create"),
    path("<int:pk>/documenten/nieuw/", dossier_views.document_upload, name="document-upload"),
    path("<int:pk>/documenten/<int:document_pk>/", dossier_views.document_download,
         name="document-download"),
    path("dubbel/", views.duplicate_list, name="duplicates"),
    path("dubbel-bsn/", referral_views.referral_list, name="bsn-referrals"),
    path("dubbel-bsn/<int:pk>/", referral_views.referral_detail, name="bsn-referral"),
    path("dubbel/<int:first>/<int:second>/", views.duplicate_compare, name="compare"),
    path("samenvoeging/<int:pk>/ongedaan-maken/", views.merge_undo, name="unmerge"),
]
