"""Server time and query count of the organization dashboard and the evaluation views.

    python -m bench.dashboard [--org bench] [--runs 30] [--warmup 3] [--queries]

The organization comes from ``python -m bench.generate`` (100,000 partners, 20,000 partnerships,
100,000 outcomes and 200,000 effort entries by default). Run it once per database (DATABASE_URL
unset for SQLite). Printed per page: median and 95th percentile of the server time, queries, SQL
time and Python CPU time, measured as ``python -m bench.pages`` does.
"""

import argparse
import os
import statistics
import sys

from bench import describe_database, setup_django
from bench.pages import measure, percentile

setup_django()

from django.conf import settings  # noqa: E402  (Django must be set up first)
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from oeplanner.models import Organization, User  # noqa: E402
from partnerships.models import EffortEntry, Outcome, Partnership  # noqa: E402

TARGET_MS = 200


def pages(org):
    busiest = (
        Partnership.objects.filter(organization=org)
        .annotate(n=Count("outcomes"))
        .order_by("-n", "pk")
        .values("pk", "partner", "n")
        .first()
    )
    if busiest is None:
        sys.exit(f"Organization {org.slug!r} has no partnerships: run python -m bench.generate first.")
    slug = org.slug
    return [
        ("organization dashboard", reverse("overview", kwargs={"org_slug": slug})),
        (
            f"partnership evaluation ({busiest['n']} outcomes)",
            reverse("partnership_evaluation", kwargs={"org_slug": slug, "partnership_pk": busiest["pk"]}),
        ),
        (
            "partner evaluation",
            reverse("partner_evaluation", kwargs={"org_slug": slug, "partner_pk": busiest["partner"]}),
        ),
        ("partnership list", reverse("partnership_list", kwargs={"org_slug": slug})),
    ]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", default="bench", help="slug of the generated organization (default: bench)")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per page (default: 30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests first (default: 3)")
    parser.add_argument("--queries", action="store_true", help="also print the slowest queries of each page")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    org = Organization.objects.filter(slug=options.org).first()
    if org is None:
        sys.exit(f"No organization {options.org!r}: run python -m bench.generate --org {options.org} first.")
    print(f"database: {describe_database(connection)}")
    print(
        f"organization {org.slug}: {org.partners.count():,} partners, {org.partnerships.count():,} partnerships, "
        f"{Outcome.objects.filter(organization=org).count():,} outcomes, "
        f"{EffortEntry.objects.filter(organization=org).count():,} effort entries"
    )
    print(f"{options.runs} runs per page after {options.warmup} warm-up runs; load average {os.getloadavg()[0]:.2f}\n")
    header = f"{'page':<40} {'median ms':>9} {'p95 ms':>7} {'queries':>7}  {'SQL ms':>6} {'Python CPU ms':>13}"
    print(header)
    print("-" * len(header))
    client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    client.force_login(User.objects.get(username=f"{org.slug}-staff-1"))
    slowest = []
    for label, url in pages(org):
        stopwatch, queries = measure(client, url, runs=options.runs, warmup=options.warmup)
        median = statistics.median(stopwatch.wall)
        flag = "" if median < TARGET_MS else f"  over {TARGET_MS} ms"
        print(
            f"{label:<40} {median:>9.1f} {percentile(stopwatch.wall, 0.95):>7.1f} {len(queries):>7}  "
            f"{statistics.median(stopwatch.sql):>6.1f} {statistics.median(stopwatch.cpu):>13.1f}{flag}",
            flush=True,
        )
        slowest.append((label, url, queries))
    if options.queries:
        for label, url, queries in slowest:
            print(f"\n{label} — {url}")
            for query in sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:4]:
                print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
