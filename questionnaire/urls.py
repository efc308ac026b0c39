from django.urls import path

from . import views

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:round_pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:round_pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_pk>/answer/", views.round_answer, name="round_answer"),
    path("rounds/<int:round_pk>/import/", views.round_import, name="round_import"),
    path("rounds/<int:round_pk>/import/template.csv", views.round_import_template, name="round_import_template"),
    path("rounds/<int:round_pk>/report/", views.round_report, name="round_report"),
    path("rounds/<int:round_pk>/report.csv", views.round_report_csv, name="round_report_csv"),
    path("rounds/<int:round_pk>/reflection/", views.round_reflection, name="round_reflection"),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/new/", views.statement_create, name="statement_create"),
    path("statements/<int:statement_pk>/edit/", views.statement_edit, name="statement_edit"),
    path("statements/<int:statement_pk>/move/", views.statement_move, name="statement_move"),
    path("statements/<int:statement_pk>/retire/", views.statement_retire, name="statement_retire"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
]
