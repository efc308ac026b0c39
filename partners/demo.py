"""Realistic partners for the demo organization (used by `manage.py seed_demo`)."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Contact, FollowUp, Interaction, Network, Partner

PARTNERS = [
    # name, sector, kind, city, country, website, qid, stage index, owner, days since last contact
    (
        "Musée des Confluences",
        "glam",
        "museum",
        "Lyon",
        "FR",
        "https://www.museedesconfluences.fr/",
        "Q2985569",
        4,
        "demo-volunteer",
        12,
    ),
    (
        "Bibliothèque municipale de Lyon",
        "glam",
        "library",
        "Lyon",
        "FR",
        "https://www.bm-lyon.fr/",
        "Q2901045",
        3,
        "demo-volunteer",
        40,
    ),
    (
        "Archives départementales du Rhône",
        "glam",
        "archive",
        "Lyon",
        "FR",
        "https://archives.rhone.fr/",
        "",
        1,
        "demo-staff",
        75,
    ),
    (
        "Université Lumière Lyon 2",
        "education",
        "university",
        "Lyon",
        "FR",
        "https://www.univ-lyon2.fr/",
        "Q1545924",
        2,
        "demo-staff",
        5,
    ),
    (
        "Lycée du Parc",
        "education",
        "school",
        "Lyon",
        "FR",
        "https://www.lyceeduparc.fr/",
        "",
        0,
        "demo-volunteer",
        None,
    ),
    (
        "Observatoire de Lyon",
        "stem",
        "",
        "Saint-Genis-Laval",
        "FR",
        "https://cral.univ-lyon1.fr/",
        "",
        1,
        "demo-admin",
        200,
    ),
    (
        "OpenStreetMap France",
        "free_knowledge",
        "",
        "Paris",
        "FR",
        "https://www.openstreetmap.fr/",
        "Q21707969",
        5,
        "demo-admin",
        20,
    ),
]


def seed_demo(organization):
    if organization.partners.exists():
        return
    members = {m.user.username: m.user for m in organization.memberships.select_related("user")}
    stages = list(organization.stages.all())
    network = Network.objects.create(
        organization=organization, name="Réseau des musées de la Métropole", website="https://example.org/reseau"
    )
    today = timezone.localdate()
    for name, sector, kind, city, country, website, qid, stage_index, owner, days in PARTNERS:
        partner = Partner.objects.create(
            organization=organization,
            name=name,
            sector=sector,
            kind=kind,
            city=city,
            country=country,
            website=website,
            wikidata_qid=qid,
            stage=stages[stage_index],
            owner=members.get(owner),
            short_term_value=3,
            long_term_value=4,
            capacity=3,
        )
        if sector == "glam":
            partner.networks.add(network)
        contact = Contact.objects.create(
            partner=partner,
            name="Camille Martin",
            role="Head of collections",
            email="camille@example.org",
            is_primary=True,
        )
        if days is None:
            continue
        author = members.get(owner)
        services.log_interaction(
            partner,
            Interaction(
                occurred_on=today - timedelta(days=days),
                kind=Interaction.Kind.MEETING,
                summary=f"Met the team of {name} to talk about opening images and data to Wikimedia Commons.",
                benefits="Wider reach for their collections; training for their staff.",
                our_commitments="Run an introduction workshop for their staff.",
                next_steps="Send a short proposal with dates.",
            ),
            author=author,
            our_participants=[author],
            their_participants=[contact],
            follow_up=FollowUp(
                title="Send the workshop proposal",
                due_on=today + timedelta(days=(days % 10) - 3),
                assignee=members.get("demo-volunteer", author),
            ),
        )
