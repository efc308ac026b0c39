"""Fill one organization with a large, realistic partner registry to benchmark against.

    python -m bench.generate --partners 100000 --interactions 1000000 --follow-ups 200000 --org bench [--reset]
        [--partnerships 20000 --outcomes 100000 --effort 200000]

Rows go in with COPY on PostgreSQL and with batched INSERTs elsewhere (SQLite). Model
save() is skipped, so the denormalized partner fields are computed here with the
model's own functions; django-simple-history records are not written.
"""

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from bench import describe_database, setup_django, vacuum_analyze

setup_django()

from django.db import connection, transaction  # noqa: E402  (Django must be set up first)
from django.utils import timezone  # noqa: E402

from oeplanner import bulk  # noqa: E402
from oeplanner.models import Membership, Organization, Role, User  # noqa: E402
from oeplanner.services import create_organization  # noqa: E402
from partners.models import (  # noqa: E402
    Contact,
    FollowUp,
    Interaction,
    Network,
    Partner,
    ProtocolTick,
    StageChange,
    Tag,
)
from partnerships.models import Benefit, EffortEntry, Milestone, Outcome, OutcomeTotal, Partnership, Target  # noqa: E402
from partnerships.services import refresh_effort_totals, refresh_outcome_totals  # noqa: E402

CITIES = [
    # city, country, region, weight
    ("Lyon", "FR", "Auvergne-Rhône-Alpes", 3),
    ("Paris", "FR", "Île-de-France", 6),
    ("Marseille", "FR", "Provence-Alpes-Côte d'Azur", 3),
    ("Toulouse", "FR", "Occitanie", 2),
    ("Lille", "FR", "Hauts-de-France", 2),
    ("Grenoble", "FR", "Auvergne-Rhône-Alpes", 1),
    ("Villeurbanne", "FR", "Auvergne-Rhône-Alpes", 1),
    ("Saint-Étienne", "FR", "Auvergne-Rhône-Alpes", 1),
    ("Nantes", "FR", "Pays de la Loire", 2),
    ("Strasbourg", "FR", "Grand Est", 2),
    ("Bordeaux", "FR", "Nouvelle-Aquitaine", 2),
    ("Brussels", "BE", "Brussels-Capital", 3),
    ("Liège", "BE", "Wallonia", 1),
    ("Ghent", "BE", "Flanders", 1),
    ("Geneva", "CH", "Geneva", 2),
    ("Lausanne", "CH", "Vaud", 1),
    ("Zürich", "CH", "Zürich", 2),
    ("Berlin", "DE", "Berlin", 5),
    ("München", "DE", "Bayern", 3),
    ("Köln", "DE", "Nordrhein-Westfalen", 2),
    ("Leipzig", "DE", "Sachsen", 1),
    ("Wien", "AT", "Wien", 3),
    ("Graz", "AT", "Steiermark", 1),
    ("Madrid", "ES", "Comunidad de Madrid", 4),
    ("Barcelona", "ES", "Catalunya", 4),
    ("Sevilla", "ES", "Andalucía", 2),
    ("Lisboa", "PT", "Lisboa", 3),
    ("Porto", "PT", "Norte", 2),
    ("Roma", "IT", "Lazio", 4),
    ("Milano", "IT", "Lombardia", 3),
    ("Torino", "IT", "Piemonte", 2),
    ("Bologna", "IT", "Emilia-Romagna", 1),
    ("Andorra la Vella", "AD", "", 1),
    ("Amsterdam", "NL", "Noord-Holland", 3),
    ("Utrecht", "NL", "Utrecht", 1),
    ("London", "GB", "England", 6),
    ("Manchester", "GB", "England", 2),
    ("Edinburgh", "GB", "Scotland", 2),
    ("Cardiff", "GB", "Wales", 1),
    ("Dublin", "IE", "Leinster", 2),
    ("Oslo", "NO", "Oslo", 1),
    ("Stockholm", "SE", "Stockholm", 2),
    ("København", "DK", "Hovedstaden", 1),
    ("Helsinki", "FI", "Uusimaa", 1),
    ("Warszawa", "PL", "Mazowieckie", 2),
    ("Kraków", "PL", "Małopolskie", 1),
    ("Praha", "CZ", "Praha", 2),
    ("Budapest", "HU", "Budapest", 2),
    ("Athína", "GR", "Attica", 2),
    ("Montréal", "CA", "Québec", 2),
    ("Québec", "CA", "Québec", 1),
    ("Dakar", "SN", "Dakar", 1),
    ("Abidjan", "CI", "Lagunes", 1),
    ("Tunis", "TN", "Tunis", 1),
    ("Accra", "GH", "Greater Accra", 1),
    ("Nairobi", "KE", "Nairobi", 1),
    ("Buenos Aires", "AR", "Buenos Aires", 1),
    ("Ciudad de México", "MX", "CDMX", 1),
    ("São Paulo", "BR", "São Paulo", 1),
    ("New York", "US", "New York", 2),
]

SECTORS = [("glam", 40), ("education", 25), ("stem", 10), ("wikimedia", 5), ("free_knowledge", 8), ("other", 12)]
KINDS = {"glam": ["museum", "library", "archive", "gallery"], "education": ["school", "university"]}
NAME_PATTERNS = {
    "museum": ["Musée {topic_fr} de {city}", "{city} Museum of {topic}", "Museum {person}", "{city} {topic} Museum"],
    "library": [
        "Bibliothèque municipale de {city}",
        "{city} Public Library",
        "{person} Library",
        "Médiathèque {person}",
    ],
    "archive": [
        "Archives municipales de {city}",
        "{city} City Archives",
        "Archives of {region}",
        "{person} Papers Trust",
    ],
    "gallery": ["Galerie {person}", "{city} Art Gallery", "{person} Photography Gallery"],
    "school": ["Lycée {person}", "{person} High School", "École {person}", "{city} International School"],
    "university": [
        "Université de {city}",
        "University of {city}",
        "{city} Institute of Technology",
        "{person} College",
    ],
    "stem": ["{city} Observatory", "{topic} Research Institute", "{city} Science Centre", "Laboratoire {person}"],
    "wikimedia": ["Wikimedians of {region}", "Wiki Club {city}", "{city} Wikipedia Editors"],
    "free_knowledge": ["OpenStreetMap {city}", "{city} Hackerspace", "Open Knowledge {region}", "{person} Commons Lab"],
    "other": ["{city} Tourist Office", "{person} Foundation", "{city} Heritage Society", "Friends of {city} {topic}"],
}
TOPICS = [
    ("Natural History", "d'histoire naturelle"),
    ("Fine Arts", "des beaux-arts"),
    ("Textiles", "des tissus"),
    ("Printing", "de l'imprimerie"),
    ("Photography", "de la photographie"),
    ("Cinema", "du cinéma"),
    ("Archaeology", "d'archéologie"),
    ("Science", "des sciences"),
    ("Transport", "des transports"),
    ("Music", "de la musique"),
    ("Resistance", "de la Résistance"),
    ("Contemporary Art", "d'art contemporain"),
]
PEOPLE = [
    "Marie Curie",
    "Jean Moulin",
    "Ada Lovelace",
    "Louise Labé",
    "Victor Hugo",
    "Simone Veil",
    "Alan Turing",
    "Rosa Luxemburg",
    "Frida Kahlo",
    "Léopold Senghor",
    "Emmy Noether",
    "Hypatia",
    "Ibn Khaldun",
    "Olympe de Gouges",
    "Antoine de Saint-Exupéry",
    "Hedy Lamarr",
    "Wangari Maathai",
    "Lise Meitner",
    "Paul Otlet",
    "Henri La Fontaine",
    "Chimamanda Adichie",
    "Gustave Eiffel",
    "George Sand",
    "Camille Claudel",
    "Aimé Césaire",
    "Grace Hopper",
]
TAGS = [
    "Wikidata",
    "Commons upload",
    "Wiki Loves Monuments",
    "Wiki Loves Earth",
    "Open access",
    "Digitization",
    "Editathon host",
    "Education program",
    "Wikipedian in residence",
    "Data donation",
    "Photography",
    "Women in Red",
    "Local history",
    "Minority languages",
    "OpenStreetMap",
    "Open licences",
    "Structured data",
    "Newspapers",
    "Maps",
    "Oral history",
    "Music",
    "Science outreach",
    "Teacher training",
    "Student projects",
    "Accessibility",
    "Translation",
    "Citizen science",
    "Public domain",
    "Archives",
    "Libraries network",
    "Funding partner",
    "Event venue",
    "Press",
    "Long-term",
    "Pilot",
    "Board contact",
    "Volunteer-led",
    "Needs follow-up",
    "Conference",
    "Hackathon",
]
NETWORKS = [
    "Réseau des musées de la Métropole",
    "Europeana Network Association",
    "OpenGLAM",
    "IFLA",
    "ICOM France",
    "Wikimedia Education Network",
    "Association des bibliothécaires de France",
    "Archives Portal Europe",
    "Open Knowledge Network",
    "Creative Commons Global Network",
    "Réseau Canopé",
    "NFDI4Culture",
    "Digital Public Library Alliance",
    "Citizen Science Network",
    "Francophone Open Science",
]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Nora",
    "Yanis",
    "Inès",
    "Lucas",
    "Amina",
    "Jonas",
    "Sofia",
    "Mateo",
    "Chloé",
    "Karim",
    "Elena",
    "Oskar",
    "Fatou",
    "Lena",
    "Marco",
    "Ana",
    "Tomás",
    "Aoife",
    "Nils",
    "Zofia",
    "Ravi",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "García",
    "Rossi",
    "Müller",
    "Schmidt",
    "Silva",
    "Novak",
    "Kowalski",
    "Nielsen",
    "Murphy",
    "Diallo",
    "Haddad",
    "Costa",
    "Fischer",
    "Petit",
    "Lefebvre",
    "Kone",
    "Ricci",
]
CONTACT_ROLES = [
    "Director",
    "Head of collections",
    "Digital manager",
    "Librarian",
    "Archivist",
    "Curator",
    "Teacher",
    "Head of communications",
    "Project officer",
    "Professor",
    "Research engineer",
    "Board member",
    "",
]
INTERACTION_KINDS = [
    ("meeting", 30),
    ("email", 25),
    ("call", 18),
    ("event", 8),
    ("workshop", 7),
    ("editathon", 5),
    ("training", 4),
    ("other", 3),
]
EVENTS = ["Wiki Loves Monuments", "Art+Feminism", "Open Data Day", "Public Domain Day", "WikiCon", "Wikimania"]
SUMMARY_SUBJECTS = [
    "opening their photo collection on Wikimedia Commons",
    "a data donation to Wikidata",
    "an edit-a-thon on women scientists",
    "training their staff to edit Wikipedia",
    "a Wikipedian in residence",
    "releasing their catalogue under an open licence",
    "a joint application for project funding",
    "student assignments on Wikipedia",
    "the upload of digitized newspapers",
    "a stand at their open day",
    "structured data for their archives",
    "a photo contest on local heritage",
    "the next steps of the partnership",
]
SUMMARY_OPENINGS = [
    "Talked with {who} about {subject}.",
    "Met {who} to discuss {subject}.",
    "{who} asked for help with {subject}.",
    "Followed up with {who} on {subject}.",
    "Presented our programme to {who}; they are interested in {subject}.",
]
SUMMARY_WHO = [
    "the director",
    "the digital team",
    "the head of collections",
    "two librarians",
    "the teachers",
    "their communications officer",
    "the project lead",
    "the board",
]
EXTRA_TEXTS = [
    "Visibility for their collections; training for their staff.",
    "Statistics of views after the upload.",
    "Provide images in high resolution with metadata.",
    "Check the rights of the photographs.",
    "Run an introduction workshop in the spring.",
    "Send a short proposal with dates.",
    "Share the upload guide and the template for metadata.",
    "Introduce them to the Wikidata community.",
]
FOLLOW_UP_TITLES = [
    "Send the workshop proposal",
    "Share the upload guide",
    "Book a room for the edit-a-thon",
    "Send the photo release form",
    "Call back about the data donation",
    "Prepare the metadata template",
    "Ask for the annual report",
    "Send the meeting notes",
    "Confirm the dates",
    "Introduce the volunteers",
    "Check the licence of the catalogue",
    "Send the statistics of views",
]
MEMBERS = (
    [("admin", "Adèle", "Roux", Role.ADMIN)]
    + [(f"staff-{i}", first, "Staff", Role.STAFF) for i, first in enumerate(["Bruno", "Claire", "Driss", "Eva"], 1)]
    + [("volunteer", "Valentine", "Volunteer", Role.VOLUNTEER)]
    + [(f"volunteer-{i}", FIRST_NAMES[i], LAST_NAMES[i], Role.VOLUNTEER) for i in range(2, 16)]
)
VOLUNTEER_PARTNERS = 200
VOLUNTEER_OPEN_FOLLOW_UPS = {"overdue": 30, "today": 5, "week": 15, "later": 50}
INTERACTION_YEARS = 3
PARTNERSHIP_NAMES = [
    "Edit-a-thon",
    "Photo walk",
    "Wikidata workshop",
    "Digitization project",
    "Wikipedian in residence",
]
PARTNERSHIP_STATUSES = [("planned", 15), ("active", 45), ("finished", 35), ("cancelled", 5)]
TARGET_METRICS = ["articles_created", "articles_improved", "files_uploaded", "files_used", "participants"]
EFFORT_KINDS = ["preparation", "event", "training", "communication", "reporting", "other"]


class BulkWriter:
    """Writes rows of plain values with ``oeplanner.bulk`` (COPY on PostgreSQL, batched INSERTs elsewhere),
    printing the progress and counting rows per table."""

    def __init__(self, batch_size):
        self.batch_size = batch_size
        self.counts = {}

    def write(self, model, columns, rows, *, label=None, total=None):
        label = label or model._meta.verbose_name_plural
        started = last_report = time.perf_counter()
        written = 0
        for chunk in bulk.chunks(rows, self.batch_size):
            written += bulk.write_rows(model, columns, chunk, batch_size=self.batch_size)
            now = time.perf_counter()
            if now - last_report > 5:
                last_report = now
                of_total = f" / {total:,}" if total else ""
                print(f"  {label}: {written:,}{of_total} rows, {written / (now - started):,.0f} rows/s", flush=True)
        elapsed = time.perf_counter() - started
        self.counts[label] = (written, elapsed)
        print(
            f"{label:>28}: {written:>10,} rows in {elapsed:6.1f} s  {written / max(elapsed, 1e-9):>9,.0f} rows/s",
            flush=True,
        )


def _timed(label, step, *args):
    started = time.perf_counter()
    step(*args)
    print(f"{label:>28}: {time.perf_counter() - started:6.1f} s", flush=True)


def delete_organization(organization):
    """Delete an organization and everything in it with a few set-based DELETEs.

    The ORM would load a million interactions to cascade, and simple-history would write a
    historical record for each deleted row.
    """
    qn = connection.ops.quote_name
    partners = f"SELECT id FROM {qn(Partner._meta.db_table)} WHERE organization_id = %s"
    interactions = f"SELECT id FROM {qn(Interaction._meta.db_table)} WHERE organization_id = %s"
    steps = [
        (Interaction.our_participants.through, f"interaction_id IN ({interactions})"),
        (Interaction.their_participants.through, f"interaction_id IN ({interactions})"),
        (FollowUp, "organization_id = %s"),
        (Interaction.history.model, f"partner_id IN ({partners})"),
        (Interaction, "organization_id = %s"),
        (Contact.history.model, f"partner_id IN ({partners})"),
        (Contact, f"partner_id IN ({partners})"),
        (ProtocolTick, f"partner_id IN ({partners})"),
        (StageChange, f"partner_id IN ({partners})"),
        (Partner.tags.through, f"partner_id IN ({partners})"),
        (Partner.networks.through, f"partner_id IN ({partners})"),
        (Partner.history.model, "organization_id = %s"),
        (Partner, "organization_id = %s"),
    ]
    partnerships = f"SELECT id FROM {qn(Partnership._meta.db_table)} WHERE organization_id = %s"
    steps = [
        (Target, f"partnership_id IN ({partnerships})"),
        (OutcomeTotal, "organization_id = %s"),
        (Outcome, "organization_id = %s"),
        (EffortEntry, "organization_id = %s"),
        (Milestone, "organization_id = %s"),
        (Benefit, f"partnership_id IN ({partnerships})"),
        (Partnership.history.model, f"partner_id IN ({partners})"),
        (Partnership, "organization_id = %s"),
        *steps,
    ]
    # Rows of other apps that point at these (reminders…) go through the ORM with their own cascades.
    for model, in_org in (
        (Partner, {"organization": organization}),
        (Interaction, {"organization": organization}),
        (FollowUp, {"organization": organization}),
        (Contact, {"partner__organization": organization}),
    ):
        for relation in model._meta.related_objects:
            if relation.related_model._meta.app_label not in ("partners", "partnerships") and not relation.many_to_many:
                rows = model._base_manager.filter(**in_org)
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": rows}).delete()
    with connection.cursor() as cursor:
        for model, condition in steps:
            started = time.perf_counter()
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE {condition}", [organization.pk])
            print(
                f"  deleted {cursor.rowcount:>10,} {model._meta.verbose_name_plural} "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
    organization.delete()


class Generator:
    def __init__(self, options):
        self.options = options
        self.rng = random.Random(options.seed)
        self.writer = BulkWriter(options.batch_size)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self._days = {}

    def day(self, ordinal):
        """A date from its ordinal, cached: a few thousand distinct days for millions of rows."""
        found = self._days.get(ordinal)
        if found is None:
            found = self._days[ordinal] = datetime.fromordinal(ordinal).date()
        return found

    def moment(self, day, minutes):
        """An aware datetime on the given day, ``minutes`` after 08:00 UTC, never in the future."""
        value = datetime.combine(day, clock(8), tzinfo=UTC) + timedelta(minutes=minutes)
        return min(value, self.now)

    def run(self):
        o = self.options
        self.create_organization()
        _timed("planning partners", self.create_partners, o.partners)
        _timed("planning contacts", self.create_contacts)
        _timed("planning interactions", self.plan_interactions, o.interactions)
        self.write_partners()
        self.write_partner_links()
        self.write_interactions()
        self.write_stage_changes()
        self.write_follow_ups(o.follow_ups)
        self.write_partnerships(o.partnerships, o.outcomes, o.effort)

    # Organization, members, tags, networks

    def create_organization(self):
        slug = self.options.org
        self.org = create_organization(name=self.options.org_name or slug.capitalize(), slug=slug)
        self.members = []
        for suffix, first, last, role in MEMBERS:
            user, created = User.objects.get_or_create(
                username=f"{slug}-{suffix}",
                defaults={"first_name": first, "last_name": last, "email": f"{slug}-{suffix}@example.org"},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            Membership.objects.create(user=user, organization=self.org, role=role)
            self.members.append(user)
        self.volunteer = next(u for u in self.members if u.username == f"{slug}-volunteer")
        self.member_ids = [u.pk for u in self.members]
        self.others = [u.pk for u in self.members if u != self.volunteer]
        self.stages = list(self.org.stages.order_by("position"))
        self.tags = Tag.objects.bulk_create(Tag(organization=self.org, name=name) for name in TAGS)
        self.networks = Network.objects.bulk_create(
            Network(organization=self.org, name=name, website=f"https://network{i}.example.org/")
            for i, name in enumerate(NETWORKS)
        )
        if any(obj.pk is None for obj in self.tags + self.networks):  # backends without RETURNING
            self.tags, self.networks = list(self.org.tags.all()), list(self.org.networks.all())
        print(
            f"organization {slug}: {len(self.members)} members, {len(self.stages)} stages, "
            f"{len(self.tags)} tags, {len(self.networks)} networks",
            flush=True,
        )

    # Partners

    def create_partners(self, count):
        """Partner objects in memory; their denormalized fields are filled once interactions are planned."""
        rng = self.rng
        city_weights = [c[3] for c in CITIES]
        sectors, sector_weights = zip(*SECTORS, strict=True)
        stage_weights = [25, 20, 14, 8, 20, 9, 4][: len(self.stages)] + [5] * max(0, len(self.stages) - 7)
        ids = bulk.reserve_ids(Partner, count)
        volunteer_owned = set(rng.sample(range(count), min(VOLUNTEER_PARTNERS, count)))
        today_ordinal = self.today.toordinal()
        seen = set()
        self.partners = []
        self.activity = []  # relative number of interactions
        for i, pk in enumerate(ids):
            city, country, region, _weight = rng.choices(CITIES, city_weights)[0]
            sector = rng.choices(sectors, sector_weights)[0]
            kind = rng.choice(KINDS[sector]) if sector in KINDS else ""
            name = self.partner_name(kind or sector, city, region)
            if (name, city) in seen:
                name = f"{name} ({rng.choice(['north', 'south', 'east', 'west', 'centre'])} {i % 97 + 1})"
            seen.add((name, city))
            stage_index = rng.choices(range(len(self.stages)), stage_weights)[0]
            created_on = today_ordinal - rng.randint(30, 5 * 365)
            created_at = self.moment(self.day(created_on), rng.randrange(600))
            scored = rng.random() < 0.7
            if i in volunteer_owned:
                owner_id = self.volunteer.pk
            else:
                owner_id = rng.choice(self.others) if rng.random() < 0.55 else None
            archived = rng.random() < 0.04
            slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:30]
            self.partners.append(
                Partner(
                    id=pk,
                    organization_id=self.org.pk,
                    name=name,
                    sector=sector,
                    kind=kind,
                    size=rng.choice(["", "small", "medium", "large"]),
                    country=country,
                    region=region,
                    city=city,
                    website=f"https://www.{slug}-{i:x}.{'org' if rng.random() < 0.6 else country.lower()}/"
                    if rng.random() < 0.8
                    else "",
                    wikidata_qid=f"Q{rng.randint(1000, 120_000_000)}" if rng.random() < 0.3 else "",
                    thematic_focus=rng.choice(TOPICS)[0] if rng.random() < 0.4 else "",
                    description=rng.choice(EXTRA_TEXTS) if rng.random() < 0.3 else "",
                    suggested_by=rng.choice(PEOPLE) if rng.random() < 0.1 else "",
                    stage=self.stages[stage_index],
                    owner_id=owner_id,
                    short_term_value=rng.randint(1, 5) if scored else None,
                    long_term_value=rng.randint(1, 5) if scored else None,
                    capacity=rng.randint(1, 5) if scored else None,
                    is_similar_organization=rng.random() < 0.03,
                    archived_at=self.moment(self.day(today_ordinal - rng.randint(1, 700)), 0) if archived else None,
                    created_at=created_at,
                    updated_at=created_at,
                )
            )
            # Most partners see a few interactions, a few see hundreds; prospects fewer.
            silent = rng.random() < (0.5 if stage_index == 0 else 0.1)
            self.activity.append(
                0.0 if silent else min(rng.paretovariate(1.3), 300.0) * (0.3 if stage_index == 0 else 1)
            )

    def partner_name(self, kind, city, region):
        topic, topic_fr = self.rng.choice(TOPICS)
        pattern = self.rng.choice(NAME_PATTERNS[kind])
        return pattern.format(
            city=city, region=region or city, topic=topic, topic_fr=topic_fr, person=self.rng.choice(PEOPLE)
        )

    def create_contacts(self):
        rng = self.rng
        counts = rng.choices([0, 1, 2, 3], [25, 35, 25, 15], k=len(self.partners))
        ids = iter(bulk.reserve_ids(Contact, sum(counts)))
        self.contacts_of = []
        rows = []
        for partner, count in zip(self.partners, counts, strict=True):
            mine = []
            domain = partner.website.split("//")[-1].split("/")[0].removeprefix("www.") or "example.org"
            for n in range(count):
                pk = next(ids)
                mine.append(pk)
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                rows.append(
                    (
                        pk,
                        partner.pk,
                        f"{first} {last}",
                        rng.choice(CONTACT_ROLES),
                        f"{first.lower()}.{last.lower()}@{domain}",
                        "",
                        n == 0,
                        "",
                    )
                )
            self.contacts_of.append(mine)
        self.contact_rows = rows

    # Interactions

    def plan_interactions(self, count):
        """Which partner each interaction belongs to and its date, oldest first; sets last_interaction_on."""
        rng = self.rng
        today = self.today.toordinal()
        earliest = today - INTERACTION_YEARS * 365
        active = [i for i, weight in enumerate(self.activity) if weight > 0] or list(range(len(self.partners)))
        cumulative, total = [], 0.0
        for i in active:
            total += self.activity[i] or 1.0
            cumulative.append(total)
        first_day = [max(p.created_at.date().toordinal(), earliest) for p in self.partners]
        partner_count = len(self.partners)
        keys = []
        for index in rng.choices(active, cum_weights=cumulative, k=count):
            lo = first_day[index]
            keys.append((lo + int(rng.random() * (today - lo + 1))) * partner_count + index)
        keys.sort()
        self.interaction_partner = [key % partner_count for key in keys]
        self.interaction_day = [key // partner_count for key in keys]
        self.interaction_ids = bulk.reserve_ids(Interaction, count)
        last = [None] * partner_count
        for index, ordinal in zip(self.interaction_partner, self.interaction_day, strict=True):
            last[index] = ordinal  # days are ascending: the last one seen is the latest
        for partner, ordinal in zip(self.partners, last, strict=True):
            if ordinal is not None:
                partner.last_interaction_on = self.day(ordinal)
                partner.updated_at = max(partner.updated_at, self.moment(partner.last_interaction_on, 600))

    def write_partners(self):
        fields = Partner._meta.concrete_fields
        columns = [field.attname for field in fields]
        for partner in self.partners:
            # The values save() would store: normalized name, website key, priority, cadence dates.
            partner.refresh_derived_fields()
        # get_prep_value turns field objects (a Country) into what the column holds.
        rows = (
            [field.get_prep_value(getattr(partner, field.attname)) for field in fields] for partner in self.partners
        )
        self.writer.write(Partner, columns, rows, total=len(self.partners))

    def write_partner_links(self):
        rng = self.rng
        tag_rows, network_rows = [], []
        for partner in self.partners:
            for tag in rng.sample(self.tags, rng.choice([0, 0, 1, 1, 1, 2, 3])):
                tag_rows.append((partner.pk, tag.pk))
            draw = rng.random()
            for network in rng.sample(self.networks, 2 if draw < 0.03 else 1 if draw < 0.15 else 0):
                network_rows.append((partner.pk, network.pk))
        self.writer.write(Partner.tags.through, ["partner_id", "tag_id"], tag_rows, label="partner tags")
        self.writer.write(
            Partner.networks.through, ["partner_id", "network_id"], network_rows, label="partner networks"
        )
        columns = ["id", "partner_id", "name", "role", "email", "phone", "is_primary", "notes"]
        self.writer.write(Contact, columns, self.contact_rows, total=len(self.contact_rows))
        del self.contact_rows

    def interaction_rows(self):
        rng = self.rng
        kinds, kind_weights = zip(*INTERACTION_KINDS, strict=True)
        summaries = [
            opening.format(who=who, subject=subject).capitalize()
            for opening in SUMMARY_OPENINGS
            for who in SUMMARY_WHO
            for subject in SUMMARY_SUBJECTS
        ]
        members = self.member_ids
        self.our_participant_rows, self.their_participant_rows = [], []
        for pk, index, ordinal in zip(
            self.interaction_ids, self.interaction_partner, self.interaction_day, strict=True
        ):
            partner = self.partners[index]
            kind = rng.choices(kinds, kind_weights)[0]
            author = partner.owner_id if partner.owner_id and rng.random() < 0.6 else rng.choice(members)
            extra = rng.random() < 0.35
            if rng.random() < 0.6:
                self.our_participant_rows.append((pk, author))
            contacts = self.contacts_of[index]
            if contacts and rng.random() < 0.4:
                self.their_participant_rows.append((pk, rng.choice(contacts)))
            day = self.day(ordinal)
            yield (
                pk,
                self.org.pk,
                partner.pk,
                day,
                kind,
                rng.random() < 0.8,
                rng.choice(EVENTS) if kind in ("event", "editathon") else "",
                rng.choice(summaries),
                rng.choice(EXTRA_TEXTS) if extra else "",
                rng.choice(EXTRA_TEXTS) if extra and rng.random() < 0.5 else "",
                rng.choice(EXTRA_TEXTS) if extra else "",
                rng.choice(EXTRA_TEXTS) if rng.random() < 0.5 else "",
                author,
                self.moment(day, rng.randrange(60 * 30)),
            )

    def write_interactions(self):
        columns = [
            "id",
            "organization_id",
            "partner_id",
            "occurred_on",
            "kind",
            "is_targeted",
            "event_name",
            "summary",
            "benefits",
            "their_responsibilities",
            "our_commitments",
            "next_steps",
            "author_id",
            "created_at",
        ]
        total = len(self.interaction_ids)
        self.writer.write(Interaction, columns, self.interaction_rows(), total=total)
        self.writer.write(
            Interaction.our_participants.through,
            ["interaction_id", "user_id"],
            self.our_participant_rows,
            label="interaction participants (ours)",
        )
        self.writer.write(
            Interaction.their_participants.through,
            ["interaction_id", "contact_id"],
            self.their_participant_rows,
            label="interaction participants (theirs)",
        )
        del self.our_participant_rows, self.their_participant_rows

    def write_stage_changes(self):
        """One recorded move into the current stage for every partner past the first stage."""
        rng = self.rng
        rows = []
        for partner in self.partners:
            position = self.stages.index(partner.stage)
            if position == 0:
                continue
            created = partner.created_at.date().toordinal()
            when = self.day(created + int(rng.random() * (self.today.toordinal() - created)))
            rows.append(
                (
                    partner.pk,
                    self.stages[position - 1].pk,
                    partner.stage.pk,
                    rng.choice(self.member_ids),
                    self.moment(when, rng.randrange(600)),
                    "",
                )
            )
        columns = [
            "partner_id",
            "from_stage_id",
            "to_stage_id",
            "changed_by_id",
            "changed_at",
            "unfinished_protocol_steps",
        ]
        self.writer.write(StageChange, columns, rows, total=len(rows))

    # Follow-ups

    def follow_up_rows(self, count):
        rng = self.rng
        today = self.today.toordinal()
        owned = [i for i, p in enumerate(self.partners) if p.owner_id == self.volunteer.pk and not p.archived_at]
        offsets = {"overdue": (-60, -1), "today": (0, 0), "week": (1, 7), "later": (8, 120)}
        volunteer_plan = [state for state, n in VOLUNTEER_OPEN_FOLLOW_UPS.items() for _ in range(n)]
        volunteer_plan += ["done"] * len(volunteer_plan)
        volunteer_plan = volunteer_plan[:count]
        for state in volunteer_plan:
            index = rng.choice(owned) if owned else rng.randrange(len(self.partners))
            low, high = offsets.get(state, (-300, -1))
            due = today + rng.randint(low, high)
            yield self.follow_up(index, None, due, self.volunteer.pk, done=state == "done")
        interaction_count = len(self.interaction_ids)
        for _ in range(count - len(volunteer_plan)):
            if interaction_count and rng.random() < 0.7:
                j = rng.randrange(interaction_count)
                index, interaction = self.interaction_partner[j], self.interaction_ids[j]
                due = self.interaction_day[j] + rng.randint(3, 45)
            else:
                index, interaction = rng.randrange(len(self.partners)), None
                due = today + rng.randint(-400, 120)
            owner = self.partners[index].owner_id
            assignee = owner if owner and owner != self.volunteer.pk and rng.random() < 0.6 else rng.choice(self.others)
            done = rng.random() < (0.92 if due < today else 0.08)
            yield self.follow_up(index, interaction, due, assignee, done=done)

    def follow_up(self, index, interaction, due, assignee, *, done):
        rng = self.rng
        partner = self.partners[index]
        due_day = self.day(due)
        created_at = min(self.moment(self.day(due - rng.randint(3, 30)), rng.randrange(600)), self.now)
        done_at = max(self.moment(self.day(due + rng.randint(-5, 3)), rng.randrange(600)), created_at) if done else None
        return (
            self.org.pk,
            partner.pk,
            interaction,
            rng.choice(FOLLOW_UP_TITLES),
            due_day,
            assignee,
            done_at,
            assignee if done else None,
            rng.choice(self.member_ids),
            created_at,
        )

    def write_follow_ups(self, count):
        columns = [
            "organization_id",
            "partner_id",
            "interaction_id",
            "title",
            "due_on",
            "assignee_id",
            "done_at",
            "done_by_id",
            "created_by_id",
            "created_at",
        ]
        self.writer.write(FollowUp, columns, self.follow_up_rows(count), total=count)

    # Partnerships, with targets, outcomes, effort and milestones

    def write_partnerships(self, count, outcome_count, effort_count):
        if not count:
            return
        rng = self.rng
        today = self.today.toordinal()
        current = [p for p in self.partners if not p.archived_at]
        statuses, status_weights = zip(*PARTNERSHIP_STATUSES, strict=True)
        ids = bulk.reserve_ids(Partnership, count)
        rows, starts = [], []
        for pk in ids:
            partner = rng.choice(current)
            start = today - rng.randint(-60, 3 * 365)
            starts.append(start)
            rows.append(
                (
                    pk,
                    self.org.pk,
                    partner.pk,
                    f"{rng.choice(PARTNERSHIP_NAMES)} with {partner.name}"[:200],
                    rng.choice(["event", "programme"]),
                    self.day(start),
                    self.day(start + rng.randint(1, 365)),
                    partner.owner_id or rng.choice(self.member_ids),
                    rng.choices(statuses, status_weights)[0],
                    "",
                    "",
                    "",
                    "",
                    "",
                    0,
                    0,
                    self.now,
                    self.now,
                )
            )
        columns = [
            "id",
            "organization_id",
            "partner_id",
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "owner_id",
            "status",
            "committed_skills",
            "committed_in_kind",
            "expected_return",
            "partner_commitments",
            "continuation",
            "hours_logged",
            "money_spent",
            "created_at",
            "updated_at",
        ]
        self.writer.write(Partnership, columns, rows, total=count)
        targets = []
        for pk, start in zip(ids, starts, strict=True):
            for metric in rng.sample(TARGET_METRICS, rng.randint(1, 3)):
                targets.append((pk, metric, "", rng.randint(10, 500), self.day(start + rng.randint(30, 365)), self.now))
        columns = ["partnership_id", "metric", "custom_metric", "value", "due_on", "created_at"]
        self.writer.write(Target, columns, targets, total=len(targets))
        outcomes = (
            (
                self.org.pk,
                ids[i],
                rng.choice(TARGET_METRICS),
                "",
                rng.randint(0, 60),
                self.day(min(starts[i] + rng.randint(0, 300), today)),
                "manual",
                "",
                "",
                self.now,
                self.now,
            )
            for i in (rng.randrange(count) for _ in range(outcome_count))
        )
        columns = [
            "organization_id",
            "partnership_id",
            "metric",
            "custom_metric",
            "value",
            "occurred_on",
            "source",
            "program_slug",
            "note",
            "created_at",
            "updated_at",
        ]
        self.writer.write(Outcome, columns, outcomes, total=outcome_count)
        effort = (
            (
                self.org.pk,
                ids[i],
                self.day(min(starts[i] + rng.randint(0, 300), today)),
                rng.choice(self.member_ids),
                rng.choice([1, 1.5, 2, 3, 4, 6, 8]),
                rng.choice([0, 0, 0, 20, 50, 150]),
                rng.choice(EFFORT_KINDS),
                "",
                self.now,
            )
            for i in (rng.randrange(count) for _ in range(effort_count))
        )
        columns = [
            "organization_id",
            "partnership_id",
            "occurred_on",
            "member_id",
            "hours",
            "money",
            "kind",
            "note",
            "created_at",
        ]
        self.writer.write(EffortEntry, columns, effort, total=effort_count)
        _timed("effort totals", refresh_effort_totals, Partnership.objects.filter(organization=self.org))
        _timed("outcome totals", refresh_outcome_totals, Partnership.objects.filter(organization=self.org))
        milestones = []
        for pk, start in zip(ids, starts, strict=True):
            for n in range(rng.randint(1, 3)):
                due = start + 30 * (n + 1)
                done = self.day(due + rng.randint(-5, 10)) if due < today and rng.random() < 0.8 else None
                milestones.append((self.org.pk, pk, f"Milestone {n + 1}", self.day(due), done, self.now))
        columns = ["organization_id", "partnership_id", "title", "due_on", "done_on", "created_at"]
        self.writer.write(Milestone, columns, milestones, total=len(milestones))


def analyze(tables):
    """Fresh planner statistics, as autovacuum would have them on a database that grew slowly."""
    started = time.perf_counter()
    vacuum_analyze(tables)
    print(f"{'analyze':>28}: {time.perf_counter() - started:6.1f} s", flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", default="bench", help="slug of the organization to create (default: bench)")
    parser.add_argument("--org-name", default="", help="its name (default: the slug, capitalized)")
    parser.add_argument("--partners", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--follow-ups", type=int, default=200_000)
    parser.add_argument("--partnerships", type=int, default=20_000)
    parser.add_argument("--outcomes", type=int, default=100_000)
    parser.add_argument("--effort", type=int, default=200_000, help="effort log entries")
    parser.add_argument("--reset", action="store_true", help="delete the organization first if it exists")
    parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
    parser.add_argument("--batch-size", type=int, default=20_000, help="rows per COPY or INSERT batch")
    parser.add_argument("--no-analyze", action="store_true", help="skip refreshing planner statistics at the end")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    print(f"database: {describe_database(connection)}", flush=True)
    existing = Organization.objects.filter(slug=options.org).first()
    if existing and not options.reset:
        print(f"organization {options.org!r} already exists: nothing to do (--reset deletes and recreates it).")
        return 0
    started = time.perf_counter()
    with transaction.atomic():
        if existing:
            print(f"deleting organization {options.org!r}", flush=True)
            delete_organization(existing)
        generator = Generator(options)
        generator.run()
        committing = time.perf_counter()
    # PostgreSQL checks the deferred foreign keys of every row here.
    print(f"{'commit':>28}: {time.perf_counter() - committing:6.1f} s", flush=True)
    if not options.no_analyze:
        analyze(
            [
                model._meta.db_table
                for model in (
                    Partner,
                    Partner.tags.through,
                    Partner.networks.through,
                    Contact,
                    Interaction,
                    Interaction.our_participants.through,
                    Interaction.their_participants.through,
                    StageChange,
                    FollowUp,
                    Partnership,
                    Target,
                    Outcome,
                    OutcomeTotal,
                    EffortEntry,
                    Milestone,
                )
            ]
        )
    elapsed = time.perf_counter() - started
    rows = sum(n for n, _ in generator.writer.counts.values())
    interactions, seconds = generator.writer.counts.get(Interaction._meta.verbose_name_plural, (0, 0))
    print(
        f"\n{rows:,} rows in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s overall); "
        f"interactions alone {interactions / max(seconds, 1e-9):,.0f} rows/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
