"""Time the reminder sweep on a large registry: 200,000 follow-ups, 10,000 of them due now.

    python -m bench.reminders [--follow-ups 200000] [--due 10000] [--org remindbench]

Prints the time of one sweep's selection (finding the due reminders and writing their rows),
the time of a second selection that finds nothing new, the total time to send every due
reminder through Django's in-memory mail backend, and the number of duplicates (must be 0).
Runs against whatever database the settings name: SQLite in OEPLANNER_VAR_DIR, or
DATABASE_URL (PostgreSQL). The benchmark organization is rebuilt at each run.
"""

import argparse
import random
import sys
import time
from collections import Counter
from datetime import timedelta

from bench import describe_database, setup_django

setup_django()

from django.conf import settings  # noqa: E402  (Django must be set up first)
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from oeplanner.models import Membership, Organization, Role, User  # noqa: E402
from oeplanner.services import create_organization  # noqa: E402
from partners.models import FollowUp, Partner, normalize_name  # noqa: E402
from reminders import delivery, planning, services  # noqa: E402
from reminders.models import Notification, Reminder, ReminderPreference  # noqa: E402

MEMBERS = 200
PARTNERS = 2000
BATCH = 5000


def build(slug, follow_ups, due):
    """The organization, its members (reminded from midnight, so that all `due` are due now) and data."""
    old = Organization.objects.filter(slug=slug).first()
    if old:
        Notification.objects.filter(organization=old)._raw_delete(connection.alias)
        Reminder.objects.filter(recipient__username__startswith=f"{slug}-")._raw_delete(connection.alias)
        FollowUp.objects.filter(organization=old)._raw_delete(connection.alias)
        Partner.objects.filter(organization=old)._raw_delete(connection.alias)
        old.delete()
        User.objects.filter(username__startswith=f"{slug}-").delete()
    with transaction.atomic():
        org = create_organization(name="Reminder benchmark", slug=slug)
        stage = org.stages.order_by("position").first()
        users = User.objects.bulk_create(
            User(username=f"{slug}-{i}", email=f"{slug}-{i}@example.org", password="!") for i in range(MEMBERS)
        )
        users = list(User.objects.filter(username__startswith=f"{slug}-").order_by("pk"))
        Membership.objects.bulk_create(Membership(user=u, organization=org, role=Role.VOLUNTEER) for u in users)
        ReminderPreference.objects.bulk_create(ReminderPreference(user=u, send_hour=0) for u in users)
        today = timezone.localdate()
        partners = []
        for i in range(PARTNERS):
            name = f"Partner {i}"
            partners.append(
                Partner(
                    organization=org,
                    name=name,
                    normalized_name=normalize_name(name),
                    stage=stage,
                    owner=users[i % MEMBERS],
                    last_interaction_on=today,
                    contact_due_on=today + timedelta(days=90),
                    stale_on=today + timedelta(days=180),
                )
            )
        Partner.objects.bulk_create(partners, batch_size=BATCH)
        partners = list(org.partners.order_by("pk"))

    rng = random.Random(42)
    window = settings.REMINDER_CATCH_UP_DAYS + 10
    done_at = timezone.now()

    def follow_up(i):
        if i < due:  # due today, open: one reminder each, due now
            due_on, done = today, None
        elif i < due * 3:  # near today but done: inside the window, not reminded
            due_on, done = today + timedelta(days=rng.randint(-window, 2)), done_at
        else:  # later on, open
            due_on, done = today + timedelta(days=rng.randint(window, 400)), None
        partner = partners[i % PARTNERS]
        return FollowUp(
            organization=org,
            partner=partner,
            title=f"Follow-up {i}",
            due_on=due_on,
            assignee=users[i % MEMBERS],
            done_at=done,
        )

    for start in range(0, follow_ups, BATCH):
        with transaction.atomic():
            FollowUp.objects.bulk_create([follow_up(i) for i in range(start, min(start + BATCH, follow_ups))])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a database in service would have: fresh statistics
    return org


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.reminders", description=__doc__.split("\n\n")[0])
    parser.add_argument("--follow-ups", type=int, default=200_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--org", default="remindbench", help="slug of the benchmark organization")
    args = parser.parse_args(argv)

    call_command("migrate", verbosity=0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    print(describe_database(connection))
    started = time.perf_counter()
    org = build(args.org, args.follow_ups, args.due)
    own = Reminder.objects.filter(organization=org)
    print(
        f"data: {args.follow_ups:,} follow-ups, {args.due:,} due now ({time.perf_counter() - started:.1f} s to build)"
    )

    now = timezone.now()
    started = time.perf_counter()
    planning.plan_due_reminders(now)
    selection = time.perf_counter() - started
    planned = own.count()
    started = time.perf_counter()
    planning.plan_due_reminders(now)
    selection_again = time.perf_counter() - started
    planned_again = own.count() - planned

    result = services.SweepResult()
    started, cpu_started = time.perf_counter(), time.process_time()
    delivery.deliver(result, max_seconds=None)
    sending, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    # Other organizations in the database are swept too; only the benchmark's own reminders are counted.
    mine = {str(pk) for pk in own.values_list("pk", flat=True)}
    sent_per_reminder = Counter(m.extra_headers["X-OE-Reminder"] for m in mail.outbox)
    sent_per_reminder = {pk: n for pk, n in sent_per_reminder.items() if pk in mine}
    duplicates = sum(n - 1 for n in sent_per_reminder.values())
    print(f"selection:   {selection:.3f} s ({planned:,} reminders due)")
    print(f"again:       {selection_again:.3f} s ({planned_again:,} new: a sweep with nothing to add)")
    print(
        f"sending:     {sending:.1f} s for {result.sent:,} e-mails ({result.sent / sending:,.0f}/s; "
        f"{cpu:.1f} s of it on this process's CPU), failed={result.failed} skipped={result.skipped}"
    )
    print(f"duplicates:  {duplicates}")
    ok = planned == args.due and len(sent_per_reminder) == args.due and duplicates == 0 and planned_again == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
