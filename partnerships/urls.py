from django.urls import path

from . import views
from .models import Benefit, EffortEntry, Milestone, Outcome, Target

urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partners/<int:partner_pk>/partnerships/new/", views.partnership_create, name="partnership_create"),
    path("partners/<int:partner_pk>/evaluation/", views.partner_evaluation, name="partner_evaluation"),
    path("partnerships/<int:partnership_pk>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:partnership_pk>/edit/", views.partnership_edit, name="partnership_edit"),
    path("partnerships/<int:partnership_pk>/history/", views.partnership_history, name="partnership_history"),
    path("partnerships/<int:partnership_pk>/evaluation/", views.partnership_evaluation, name="partnership_evaluation"),
    path("partnerships/<int:partnership_pk>/targets/new/", views.target_create, name="target_create"),
    path("partnerships/<int:partnership_pk>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("partnerships/<int:partnership_pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("partnerships/<int:partnership_pk>/effort/new/", views.effort_create, name="effort_create"),
    path("partnerships/<int:partnership_pk>/benefits/new/", views.benefit_create, name="benefit_create"),
    path("targets/<int:target_pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:target_pk>/delete/", views.delete_view(Target), name="target_delete"),
    path("outcomes/<int:outcome_pk>/delete/", views.delete_view(Outcome), name="outcome_delete"),
    path("milestones/", views.milestone_list, name="milestone_list"),
    path("milestones/<int:milestone_pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
    path("milestones/<int:milestone_pk>/delete/", views.delete_view(Milestone), name="milestone_delete"),
    path("effort/<int:effort_pk>/delete/", views.delete_view(EffortEntry), name="effort_delete"),
    path("benefits/<int:benefit_pk>/delete/", views.delete_view(Benefit), name="benefit_delete"),
    path("partnerships/import/", views.dashboard_import, name="dashboard_import"),
    path(
        "partnerships/import/<int:dashboard_import_pk>/",
        views.dashboard_import_preview,
        name="dashboard_import_preview",
    ),
]
