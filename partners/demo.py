"""Realistic partners for the demo organization (used by `manage.py seed_demo`)."""

import itertools
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

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


# Invented partners around the hand-picked ones: (name pattern, sector, kind). The names are fictional.
PATTERNS = [
    ("Municipal Library of {city}", "glam", "library"),
    ("{city} City Archives", "glam", "archive"),
    ("Museum of Local History, {city}", "glam", "museum"),
    ("{city} Photography Gallery", "glam", "gallery"),
    ("University of {city}, Faculty of Letters", "education", "university"),
    ("{city} International Secondary School", "education", "school"),
    ("Teachers' Training College of {city}", "education", "university"),
    ("{city} Botanical Garden", "stem", ""),
    ("{city} Astronomy Club", "stem", ""),
    ("Open Data {city}", "free_knowledge", ""),
    ("{city} Free Software Users' Group", "free_knowledge", ""),
    ("Wikipedians of {city}", "wikimedia", ""),
    ("{city} Senior Citizens' Association", "other", ""),
]
PLACES = [
    ("Grenoble", "FR"),
    ("Geneva", "CH"),
    ("Brussels", "BE"),
    ("Montréal", "CA"),
    ("Dakar", "SN"),
    ("Marseille", "FR"),
    ("Lausanne", "CH"),
    ("Liège", "BE"),
    ("Nantes", "FR"),
    ("Abidjan", "CI"),
    ("Strasbourg", "FR"),
    ("Québec", "CA"),
]
FIRST_NAMES = [
    "Camille",
    "Amadou",
    "Léa",
    "Hugo",
    "Fatou",
    "Nicolas",
    "Inès",
    "Marc",
    "Sofia",
    "Yves",
    "Aïcha",
    "Jonas",
]
LAST_NAMES = ["Martin", "Diallo", "Rossi", "Lefebvre", "Nguyen", "Moreau", "Keller", "Traoré", "Dubois", "Haddad"]
ROLES = [
    "Head of collections",
    "Digital projects manager",
    "Librarian",
    "Director",
    "Communications officer",
    "Lecturer",
    "Volunteer coordinator",
    "Archivist",
]
MEETINGS = [
    (
        Interaction.Kind.MEETING,
        "First meeting with {contact}: they want to know how Wikimedia Commons handles licences.",
    ),
    (Interaction.Kind.CALL, "Call with {contact} about dates for a photo day in spring."),
    (Interaction.Kind.EMAIL, "{contact} sent the list of 120 images they can release under CC BY-SA."),
    (Interaction.Kind.WORKSHOP, "Ran a two-hour introduction to editing for eight of their staff."),
    (Interaction.Kind.EDITATHON, "Edit-a-thon in their reading room: 14 participants, 23 articles improved."),
    (Interaction.Kind.TRAINING, "Trained {contact} to upload with the Pattypan tool."),
    (Interaction.Kind.EVENT, "Met {contact} at the regional open-culture fair."),
]
FOLLOW_UPS = [
    "Send the draft partnership agreement",
    "Share the photos of the edit-a-thon",
    "Book the room for the next workshop",
    "Ask which collection they would open first",
    "Send the upload guide in French",
    "Invite them to the annual meeting",
    "Check the licence of the scanned maps",
    "Write a thank-you note to the team",
]


def invented_partners(count, rng):
    """``count`` varied fictional partners: (name, sector, kind, city, country, website)."""
    pairs = list(itertools.product(PATTERNS, PLACES))  # every name once
    rng.shuffle(pairs)
    found = []
    for (pattern, sector, kind), (city, country) in pairs[:count]:
        name = pattern.format(city=city)
        website = f"https://{slugify(name)[:40]}.example.org/" if rng.random() < 0.8 else ""
        found.append((name, sector, kind, city, country, website))
    return found


# Days since the last contact of an invented partner: most were seen lately, some are due for a call, a few are
# stale (the stages' cadences run from 14 to 90 days), so a first look shows every contact state.
SINCE_LAST_CONTACT = [(2, 12), (13, 35), (36, 80), (81, 330)]
WEIGHTS = [40, 25, 20, 15]


@transaction.atomic
def seed_demo(organization, *, hand_picked=True, invented=53):
    """The demo partners of ``organization``: the hand-picked ones (if asked), then ``invented`` fictional
    ones, each with contacts, up to a year of interactions and follow-ups open, overdue and done."""
    if organization.partners.exists():
        return
    rng = random.Random(organization.slug)
    members = {m.user.username: m.user for m in organization.memberships.select_related("user")}
    owners = list(members.values())
    stages = list(organization.stages.all())
    network = Network.objects.create(
        organization=organization, name="Réseau des musées de la Métropole", website="https://example.org/reseau"
    )
    today = timezone.localdate()
    rows = [
        (name, sector, kind, city, country, website, qid, stages[stage_index], members.get(owner), days)
        for name, sector, kind, city, country, website, qid, stage_index, owner, days in PARTNERS
        if hand_picked
    ]
    for name, sector, kind, city, country, website in invented_partners(invented, rng):
        days = None if rng.random() < 0.1 else rng.randint(*rng.choices(SINCE_LAST_CONTACT, WEIGHTS)[0])
        rows.append((name, sector, kind, city, country, website, "", rng.choice(stages), rng.choice(owners), days))
    for name, sector, kind, city, country, website, qid, stage, owner, days in rows:
        partner = Partner.objects.create(
            organization=organization,
            name=name,
            sector=sector,
            kind=kind,
            city=city,
            country=country,
            website=website,
            wikidata_qid=qid,
            stage=stage,
            owner=owner,
            short_term_value=rng.randint(1, 5),
            long_term_value=rng.randint(1, 5),
            capacity=rng.randint(1, 5),
        )
        if sector == "glam" and city == "Lyon":
            partner.networks.add(network)
        contacts = [
            Contact.objects.create(
                partner=partner,
                name=f"{first} {last}",
                role=rng.choice(ROLES),
                email=f"{slugify(first)}.{slugify(last)}@example.org",
                is_primary=position == 0,
            )
            for position, (first, last) in enumerate(
                zip(rng.sample(FIRST_NAMES, 3), rng.sample(LAST_NAMES, 3), strict=False)
            )
        ][: rng.randint(1, 3)]
        if days is None:
            continue  # a partner added but not contacted yet
        author = owner or owners[0]
        # Up to a year of contact, the oldest first, the last one ``days`` ago.
        dates = sorted({today - timedelta(days=days + rng.randint(0, 365 - days)) for _ in range(rng.randint(0, 4))})
        for position, occurred_on in enumerate([*dates, today - timedelta(days=days)]):
            contact = rng.choice(contacts)
            kind_of, summary = rng.choice(MEETINGS)
            last = position == len(dates)
            # The last interaction's follow-up is open (due soon or overdue); older ones were done.
            due_on = occurred_on + timedelta(days=rng.randint(5, 30))
            interaction = services.log_interaction(
                partner,
                Interaction(occurred_on=occurred_on, kind=kind_of, summary=summary.format(contact=contact.name)),
                author=author,
                our_participants=[author],
                their_participants=[contact],
                follow_up=FollowUp(title=rng.choice(FOLLOW_UPS), due_on=due_on, assignee=rng.choice(owners)),
            )
            if not last:
                for follow_up in interaction.follow_ups.all():
                    services.set_follow_up_done(follow_up, True, by=follow_up.assignee)
