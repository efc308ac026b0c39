"""The arrows between apps point one way (docs/architecture.md): read every module's imports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = {
    "partners",
    "questionnaire",
    "capacityplans",
    "reminders",
    "partnerships",
    "community",
    "overview",
    "api",
}
# app: the apps it must not import. Plans read the questionnaire, never the reverse (the plans add their section
# to the report through the panel registry, oeplanner/panels.py).
FORBIDDEN = {"oeplanner": FEATURE_APPS, "questionnaire": {"capacityplans"}}


def imported_packages(path):
    """The top-level package of every module ``path`` imports, at any depth (absolute imports only)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def modules():
    for app, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield pytest.param(path, forbidden, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize(("path", "forbidden"), modules())
def test_no_module_imports_an_app_it_must_not_know(path, forbidden):
    assert imported_packages(path) & forbidden == set()


def test_no_questionnaire_page_names_capacityplans():
    templates = sorted((ROOT / "templates" / "questionnaire").rglob("*.html"))
    assert ROOT / "templates" / "questionnaire" / "round_report.html" in templates
    assert [str(t.relative_to(ROOT)) for t in templates if "capacityplans" in t.read_text()] == []


def test_the_partner_dashboard_reads_plan_steps_through_the_plans_services():
    imported = set()
    for path in (ROOT / "partners").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("capacityplans"):
                imported.add(node.module)
    assert imported == {"capacityplans.services"}


def test_the_reader_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from partners.models import Partner\n    import api.urls\n")
    assert imported_packages(module) == {"partners", "api"}


APPS = ["oeplanner", *sorted(FEATURE_APPS)]
MAIL_SENDERS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage", "EmailMultiAlternatives"}


def test_every_email_goes_through_the_one_helper():
    """Subject, text and HTML in the member's language and time zone: only oeplanner/emails.py builds messages."""
    builders = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
                    if {alias.name for alias in node.names} & MAIL_SENDERS:
                        builders.add(str(path.relative_to(ROOT)))
    assert builders == {"oeplanner/emails.py"}


SPREADSHEET_LIBRARIES = {"csv", "openpyxl"}


def test_only_the_core_reads_and_writes_spreadsheets():
    """Limits, encodings and formula cells are handled once: every CSV or XLSX file read or handed out goes through
    oeplanner/spreadsheets/ (benchmarks and tests may read their own)."""
    users = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if imported_packages(path) & SPREADSHEET_LIBRARIES:
                users.add(str(path.parent.relative_to(ROOT)))
    assert users == {"oeplanner/spreadsheets"}
