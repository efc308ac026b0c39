from django.urls import path

from . import views
from .figures import FIGURES

urlpatterns = [
    path("", views.dashboard, name="overview"),
    # One address per figure (no figure name in the URL pattern: every address is a known figure).
    *(path(f"{key}.csv", views.figure_csv, {"figure": key}, name=f"overview_csv_{key}") for key in FIGURES),
]
