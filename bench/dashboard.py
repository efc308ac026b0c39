"""Server time and query count of the organization dashboard and the evaluation views.

    python -m bench.dashboard [--org bench] [--runs 30] [--warmup 3] [--queries]

The organization comes from ``python -m bench.generate`` (100,000 partners, 20,000 partnerships,
100,000 outcomes and 200,000 effort entries by default). Run it once per database (DATABASE_URL
unset for SQLite). Printed per page: median and 95th percentile of the server time, queries, SQL
time and Python CPU time, measured as ``python -m bench.pages`` does: drawn afresh, then kept.
"""

import os
import sys

from bench import setup_django
from bench.pages import drawn_and_kept, generated_organization, logged_in, parse_args, report

setup_django()

from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402

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


def main(argv=None):
    options = parse_args(argv, prog="python -m bench.dashboard", doc=__doc__)
    org = generated_organization(options.org)
    print(
        f"organization {org.slug}: {org.partners.count():,} partners, {org.partnerships.count():,} partnerships, "
        f"{Outcome.objects.filter(organization=org).count():,} outcomes, "
        f"{EffortEntry.objects.filter(organization=org).count():,} effort entries"
    )
    print(f"{options.runs} runs per page after {options.warmup} warm-up runs; load average {os.getloadavg()[0]:.2f}\n")
    client = logged_in(f"{org.slug}-staff-1")
    report(drawn_and_kept(org, [(label, url, client) for label, url in pages(org)]), options, TARGET_MS, width=48)
    return 0


if __name__ == "__main__":
    sys.exit(main())
