from django.shortcuts import render

from oeplanner.fragments import kept_page
from oeplanner.models import Role
from oeplanner.spreadsheets import csv_response
from oeplanner.tenancy import org_view

from . import figures


@org_view(role=Role.STAFF)
@kept_page
def dashboard(request):
    return render(request, "overview/dashboard.html", {"figures": figures.build(request.org)})


@org_view(role=Role.STAFF)
def figure_csv(request, figure):
    (result,) = figures.build(request.org, [figure])
    rows = [[str(column) for column in result.columns]] + [
        [cell if isinstance(cell, int | float) else str(cell) for cell in row.cells] for row in result.rows
    ]
    return csv_response(rows, f"{request.org.slug}-{figure}")
