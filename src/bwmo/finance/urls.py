from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("woonplaatsbeginsel/", views.settlement, name="settlement"),
    path("woonplaatsbeginsel/<int:year>/excel/", views.settlement_export, name="settlement-export"),
    path("overzicht/", views.overview, name="overview"),
    path("regionale-pot/", views.pot, name="pot"),
    path("regionale-pot/instellen/", views.pot_edit, name="pot-edit"),
    path("ingroeipad/", views.ingroeipad_edit, name="ingroeipad"),
    path("afrekeningen/", views.statements, name="statements"),
    path("afrekeningen/lijst.xlsx", views.statements_export, name="statements-export"),
    path("afrekeningen/<int:pk>/<str:fmt>/", views.statement_download, name="statement-download"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/vergelijking.xlsx", views.scenario_compare_export,
         name="scenario-compare-export"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/excel/", views.scenario_export, name="scenario-export"),
    path("budgetten/importeren/", views.budget_import_view, name="budget-import"),
    path("rapport/<str:name>/<int:year>/<str:fmt>/", views.report_export, name="report-export"),
]
