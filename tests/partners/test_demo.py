import io
from collections import Counter

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from oeplanner.models import Organization
from partners.models import Cadence, Contact, FollowUp, Interaction, Partner


def counts():
    return {model: model.objects.count() for model in (Partner, Contact, Interaction, FollowUp)}


def test_the_demo_looks_lived_in_and_a_second_run_changes_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first

    demo, other = Organization.objects.get(slug="demo"), Organization.objects.get(slug="other")
    partners = demo.partners.all()
    assert 55 <= partners.count() <= 65
    assert 1 <= other.partners.count() <= 6
    # Varied across sectors, countries, stages, owners and priorities.
    assert partners.values("sector").distinct().count() == 6
    assert partners.values("country").distinct().count() >= 5
    assert partners.values("stage").distinct().count() == demo.stages.count()
    assert partners.values("owner").distinct().count() == 3
    assert len({p.short_term_value + p.long_term_value + p.capacity for p in partners}) >= 8
    # Contacts with different names and roles, a year of interactions.
    contacts = Contact.objects.filter(partner__organization=demo)
    assert contacts.values("name").distinct().count() >= 30
    assert contacts.values("role").distinct().count() >= 6
    dates = Interaction.objects.filter(organization=demo).values_list("occurred_on", flat=True)
    today = timezone.localdate()
    assert (today - min(dates)).days >= 300 and (today - max(dates)).days <= 31
    # Follow-ups in every state, with different titles.
    follow_ups = FollowUp.objects.filter(organization=demo)
    assert follow_ups.filter(done_at__isnull=False).exists()
    assert follow_ups.filter(done_at__isnull=True, due_on__lt=today).exists()
    assert follow_ups.filter(done_at__isnull=True, due_on__gte=today).exists()
    assert follow_ups.values("title").distinct().count() >= 6
    assert not partners.values("name").annotate(n=Count("id")).filter(n__gt=1).exists()
    # A first look shows every contact state, most partners on track, and the volunteer's own partners mixed.
    states = Counter(partner.cadence() for partner in partners.filter(last_interaction_on__isnull=False))
    assert set(states) == set(Cadence)
    assert states[Cadence.OK] > states[Cadence.STALE]
    volunteer_states = {p.cadence() for p in partners.filter(owner__username="demo-volunteer")}
    assert Cadence.OK in volunteer_states and len(volunteer_states) >= 2
