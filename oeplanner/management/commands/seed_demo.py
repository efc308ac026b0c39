from django.core.management.base import BaseCommand
from django.db import transaction

from oeplanner.models import Membership, Organization, Role, User
from oeplanner.services import create_organization
from oeplanner.signals import demo_requested
from oeplanner.wikimedia import link_demo_account

ORGANIZATIONS = [
    {
        "slug": "demo",
        "name": "Wikimedia Demo User Group",
        "kind": Organization.Kind.USER_GROUP,
        "region": "Europe",
        "time_zone": "Europe/Paris",
        "members": [("demo-admin", Role.ADMIN), ("demo-staff", Role.STAFF), ("demo-volunteer", Role.VOLUNTEER)],
    },
    {
        "slug": "other",
        "name": "Other Wikimedia Chapter",
        "kind": Organization.Kind.CHAPTER,
        "region": "South America",
        "time_zone": "America/Sao_Paulo",
        # demo-volunteer also helps here, so the demo shows switching organizations.
        "members": [("other-admin", Role.ADMIN), ("demo-volunteer", Role.VOLUNTEER)],
    },
]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo organizations and their users. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo", help="Password of every demo user (default: demo).")

    @transaction.atomic
    def handle(self, *args, password, **options):
        logins = []
        for spec in ORGANIZATIONS:
            org = Organization.objects.filter(slug=spec["slug"]).first()
            if org is None:
                org = create_organization(
                    name=spec["name"],
                    slug=spec["slug"],
                    kind=spec["kind"],
                    region=spec["region"],
                    time_zone=spec["time_zone"],
                )
            for username, role in spec["members"]:
                user, _ = User.objects.get_or_create(
                    username=username,
                    defaults={"email": f"{username}@example.org", "first_name": username.split("-")[1].title()},
                )
                user.set_password(password)
                user.save(update_fields=["password"])
                link_demo_account(user)
                Membership.objects.update_or_create(user=user, organization=org, defaults={"role": role})
                logins.append((username, org.slug, role))
        demo_requested.send(
            sender=self.__class__,
            demo=Organization.objects.get(slug="demo"),
            other=Organization.objects.get(slug="other"),
        )
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, slug, role in logins:
            self.stdout.write(f"  {username:<16} {role:<10} /o/{slug}/")
