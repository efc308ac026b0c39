from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("master/", views.master_plan, name="master_plan"),
    path("steps/add/", views.step_add, name="step_add"),
    path("<int:plan_pk>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:plan_pk>/steps/", views.plan_steps_save, name="plan_steps_save"),
    path("<int:plan_pk>/wikitext/", views.plan_wikitext, name="plan_wikitext"),
    path("<int:plan_pk>/print/", views.plan_print, name="plan_print"),
    path("<int:plan_pk>/history/", views.plan_history, name="plan_history"),
    path("<int:plan_pk>/export.csv", views.plan_export, {"fmt": "csv"}, name="plan_export_csv"),
    path("<int:plan_pk>/export.xlsx", views.plan_export, {"fmt": "xlsx"}, name="plan_export_xlsx"),
]
