"""Demo partnerships with targets, outcomes, milestones and effort (used by ``manage.py seed_demo``).

One set of outcomes comes from the Dashboard-shaped sample export in tests/data/, through the same
import as the app's, so the organization dashboard shows real shapes.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import dashboard_csv, services
from .models import Benefit, DashboardImport, EffortEntry, Milestone, Outcome, Partnership, Target

SAMPLE_EXPORT = Path(settings.BASE_DIR) / "tests" / "data" / "dashboard-campaign.csv"

PARTNERSHIPS = [
    # partner, name, kind, status, days since start, days to end, owner, targets [(metric, value, days to due)]
    (
        "Musée des Confluences",
        "Women in science edit-a-thon",
        Partnership.Kind.EVENT,
        Partnership.Status.ACTIVE,
        40,
        20,
        "demo-volunteer",
        [("articles_created", 15, 20), ("new_editors", 10, 20), ("participants", 25, 20)],
    ),
    (
        "Bibliothèque municipale de Lyon",
        "Photo walks through the old town",
        Partnership.Kind.PROGRAMME,
        Partnership.Status.ACTIVE,
        90,
        270,
        "demo-volunteer",
        [("files_uploaded", 400, 270), ("files_used", 80, 270)],
    ),
    (
        "Université Lumière Lyon 2",
        "Wikipedia in the history seminar",
        Partnership.Kind.PROGRAMME,
        Partnership.Status.ACTIVE,
        60,
        120,
        "demo-staff",
        [("articles_improved", 60, 120), ("participants", 30, 60)],
    ),
    (
        "Lycée du Parc",
        "Wikidata workshop for pupils",
        Partnership.Kind.EVENT,
        Partnership.Status.FINISHED,
        200,
        -150,
        "demo-volunteer",
        [("participants", 20, -150)],
    ),
]
IMPORTED = {
    "Musee_des_Confluences/Women_in_science_edit-a-thon_(2026)": "Women in science edit-a-thon",
    "Bibliotheque_municipale_de_Lyon/Photo_walk_Lyon_(2026)": "Photo walks through the old town",
}


def seed_demo(organization):
    if organization.partnerships.exists():
        return
    today = timezone.localdate()
    members = {m.user.username: m.user for m in organization.memberships.select_related("user")}
    partners = {p.name: p for p in organization.partners.all()}
    created = {}
    for partner_name, name, kind, status, since, until, owner, targets in PARTNERSHIPS:
        partner = partners.get(partner_name)
        if partner is None:
            continue
        partnership = services.create_partnership(
            partner,
            Partnership(
                name=name,
                kind=kind,
                status=status,
                starts_on=today - timedelta(days=since),
                ends_on=today + timedelta(days=until),
                owner=members.get(owner),
                committed_hours=Decimal(40),
                committed_skills="Editing, photography, training new editors",
                expected_return="Articles and photographs of the collections under a free licence",
                partner_commitments="A room, access to the collections and a curator for the day",
                continuation="The partner's staff keep editing with the help of the local user group",
            ),
        )
        created[name] = partnership
        Target.objects.bulk_create(
            Target(partnership=partnership, metric=metric, value=value, due_on=today + timedelta(days=days))
            for metric, value, days in targets
        )
        _effort_and_milestones(partnership, members, today, since)
    _import_sample(organization, created, members.get("demo-staff"))
    university = created.get("Wikipedia in the history seminar")
    if university is not None:
        Outcome.objects.create(
            organization=organization,
            partnership=university,
            metric="articles_improved",
            value=18,
            occurred_on=today - timedelta(days=10),
            note="Counted by hand after the first seminar",
            recorded_by=members.get("demo-staff"),
        )
        Benefit.objects.create(
            partnership=university,
            noted_on=today - timedelta(days=5),
            text="The history department asked to make Wikipedia part of next year's course.",
            author=members.get("demo-staff"),
        )


def _effort_and_milestones(partnership, members, today, since):
    people = [user for name, user in members.items() if name.startswith("demo-")]
    EffortEntry.objects.bulk_create(
        EffortEntry(
            organization_id=partnership.organization_id,
            partnership=partnership,
            occurred_on=today - timedelta(days=since - 7 * week),
            member=people[week % len(people)],
            hours=Decimal(3 + week % 4),
            money=Decimal(25 * (week % 2)),
            kind=[EffortEntry.Kind.PREPARATION, EffortEntry.Kind.EVENT, EffortEntry.Kind.COMMUNICATION][week % 3],
        )
        for week in range(min(since // 7, 8))
    )
    services.refresh_effort_totals(Partnership.objects.filter(pk=partnership.pk))
    Milestone.objects.bulk_create(
        [
            Milestone(
                organization_id=partnership.organization_id,
                partnership=partnership,
                title="Agreement signed",
                due_on=partnership.starts_on,
                done_on=partnership.starts_on,
            ),
            Milestone(
                organization_id=partnership.organization_id,
                partnership=partnership,
                title="Share the first results with the partner",
                due_on=today - timedelta(days=3),
            ),
            Milestone(
                organization_id=partnership.organization_id,
                partnership=partnership,
                title="Final report",
                due_on=partnership.ends_on,
            ),
        ]
    )


def _import_sample(organization, created, user):
    chosen = {slug: created.get(name) for slug, name in IMPORTED.items()}
    if None in chosen.values():
        return
    data = SAMPLE_EXPORT.read_bytes()
    job = DashboardImport.objects.create(
        organization=organization, file_name=SAMPLE_EXPORT.name, file_data=data, created_by=user
    )
    services.apply_import(job, dashboard_csv.read(data).rows, chosen, by=user)
