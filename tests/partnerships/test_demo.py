import io

from django.core.management import call_command

from oeplanner.models import Organization
from overview import figures
from partnerships.models import Outcome


def test_seed_demo_adds_partnerships_with_imported_outcomes_once(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    org = Organization.objects.get(slug="demo")
    assert org.partnerships.count() == 4
    imported = Outcome.objects.filter(organization=org, source="imported")
    assert imported.count() == 12
    assert imported.get(program_slug__startswith="Musee", metric="articles_created").value == 9
    assert org.milestones.overdue().exists()
    assert org.effort_entries.exists()
    built = {figure.key: figure for figure in figures.build(org)}
    assert built["targets"].rows and built["effort"].rows
