"""The arrows between apps point one way (docs/architecture.md): read every module's imports."""

import ast
import re
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


MAX_MODULE_LINES = 600


def test_no_module_is_over_600_lines():
    """A module that grows past this is split by what it holds (docs/architecture.md); benchmarks and migrations
    are left out."""
    long = {}
    for folder in [*APPS, "tests"]:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                lines = len(path.read_text().splitlines())
                if lines > MAX_MODULE_LINES:
                    long[str(path.relative_to(ROOT))] = lines
    assert long == {}


# Views start every query from request.org (request.org.partners.filter(…)) and templates read the organization as
# current_org, from the context processor (docs/architecture.md, "Where each kind of code goes").
LOOKUPS = {"filter", "exclude", "get", "get_or_create", "update_or_create"}
ORG_KEYWORDS = {"organization", "organization_id"}


def views_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views":
                yield pytest.param(path, id=str(path.relative_to(ROOT)))


def _chain_root(node):
    """The start of ``a.b(…).c(…)[…]``: the node under the calls, attributes and subscripts."""
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return node
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def organization_lookups_on_managers(path):
    """Lines where ``Model.objects`` is filtered by organization instead of starting from ``request.org``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOOKUPS:
            root = _chain_root(node.func.value)
            if isinstance(root, ast.Attribute) and root.attr == "objects":
                if {keyword.arg for keyword in node.keywords} & ORG_KEYWORDS:
                    found.append(node.lineno)
    return found


def _dict_keys(node):
    if isinstance(node, ast.Dict):
        return {key.value for key in node.keys if isinstance(key, ast.Constant)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return {keyword.arg for keyword in node.keywords}
    return set()


def org_in_render_contexts(path):
    """Lines of ``render(request, template, context)`` calls whose context dict literal has the key "org"."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        assigned = {}  # name: keys of the dict literals assigned to it in this function
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, set()).update(_dict_keys(node.value))
        for node in ast.walk(function):
            if not (
                isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "render"
            ):
                continue
            contexts = node.args[2:3] + [keyword.value for keyword in node.keywords if keyword.arg == "context"]
            for context in contexts:
                keys = assigned.get(context.id, set()) if isinstance(context, ast.Name) else _dict_keys(context)
                if "org" in keys:
                    found.append(node.lineno)
    return sorted(set(found))


@pytest.mark.parametrize("path", views_modules())
def test_views_start_their_queries_from_request_org(path):
    assert organization_lookups_on_managers(path) == []


@pytest.mark.parametrize("path", views_modules())
def test_views_leave_the_organization_to_the_context_processor(path):
    assert org_in_render_contexts(path) == []


def test_the_view_readers_see_what_they_refuse(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def a(request):\n"
        "    Partner.objects.filter(organization=request.org)\n"
        "    return render(request, 't.html', {'org': request.org})\n"
        "def b(request, pk):\n"
        "    get_object_or_404(Job.objects.select_related('x').filter(organization_id=request.org.pk), pk=pk)\n"
        "    context = {'org': request.org, 'job': 1}\n"
        "    return render(request, 't.html', context)\n"
        "def c(request):\n"
        "    request.org.partners.filter(stage__organization=request.org)\n"
        "    Tag.objects.create(organization=request.org)\n"
        "    messages.info(request, _('%(org)s') % {'org': request.org})\n"
        "    return render(request, 't.html', {'partner': 1})\n"
    )
    assert organization_lookups_on_managers(module) == [2, 5]
    assert org_in_render_contexts(module) == [3, 7]


# Each app's pages extend its section base, templates/<app>/base.html (or another template of the app), which
# extends base.html; partials are named _*.html. A template that extends nothing is a document of its own (the API
# docs page); e-mails live in templates/emails/.
TEMPLATES = ROOT / "templates"
EXTENDS = re.compile(r"{%\s*extends\s+[\"']([^\"']+)[\"']")
INCLUDES = re.compile(r"{%\s*include\s+[\"']([^\"']+)[\"']")


def section_pages():
    for app in APPS:
        for path in sorted((TEMPLATES / app).rglob("*.html")):
            if not path.name.startswith("_") and path != TEMPLATES / app / "base.html":
                yield pytest.param(app, path, id=str(path.relative_to(TEMPLATES)))


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_a_section_base(app):
    base = TEMPLATES / app / "base.html"
    assert base.exists()
    assert EXTENDS.findall(base.read_text()) == ["base.html"]


@pytest.mark.parametrize(("app", "path"), section_pages())
def test_every_page_extends_its_section(app, path):
    text = path.read_text()
    extended = EXTENDS.findall(text)
    if extended:
        assert extended[0].startswith(f"{app}/"), extended[0]
    else:
        assert "<!doctype html>" in text.lower(), "neither a page of the section nor a document: name it _*.html"


def test_every_included_template_is_a_partial():
    """Partials are named _*.html: in the apps' folders and the shared templates at the top (base.html, 403, 404)."""
    sources = [*TEMPLATES.glob("*.html"), *(path for app in APPS for path in (TEMPLATES / app).rglob("*.html"))]
    assert ROOT / "templates" / "base.html" in sources
    included = {name for path in sources for name in INCLUDES.findall(path.read_text())}
    assert "oeplanner/_pagination.html" in included
    assert sorted(name for name in included if not name.rsplit("/", 1)[-1].startswith("_")) == []


def test_an_apps_partials_live_in_its_folder():
    nested = [path for app in APPS for path in (TEMPLATES / app).rglob("_*.html") if path.parent != TEMPLATES / app]
    assert [str(path.relative_to(TEMPLATES)) for path in nested] == []
