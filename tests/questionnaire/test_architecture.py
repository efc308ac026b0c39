"""Plans read the questionnaire, never the reverse: no questionnaire module or page names capacityplans.
The plans add their section to the report through the panel registry (oeplanner/panels.py)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def python_modules(app):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def test_no_questionnaire_module_imports_capacityplans():
    modules = python_modules("questionnaire")
    assert ROOT / "questionnaire" / "views.py" in modules
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules
        for name in imported_modules(path)
        if name.split(".")[0] == "capacityplans"
    ]
    assert offenders == []


def test_no_questionnaire_template_names_capacityplans():
    templates = sorted((ROOT / "templates" / "questionnaire").rglob("*.html"))
    assert ROOT / "templates" / "questionnaire" / "round_report.html" in templates
    assert [str(t.relative_to(ROOT)) for t in templates if "capacityplans" in t.read_text()] == []


def test_the_partner_dashboard_reads_plan_steps_through_the_plans_services():
    names = [name for path in python_modules("partners") for name in imported_modules(path)]
    assert "capacityplans.services" in names
    assert [name for name in names if name.startswith("capacityplans") and name != "capacityplans.services"] == []
