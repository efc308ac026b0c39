"""Server time and query count of the partner pages, measured in-process with the test client.

    python -m bench.pages [--org bench] [--runs 30] [--warmup 3] [--queries]

The organization comes from ``python -m bench.generate``. Each page is requested
``--warmup`` times unmeasured, then ``--runs`` times. Printed per page: the median and
95th percentile of the wall time spent in Django (middleware, view, queries, templates);
the number of queries of one more request (CaptureQueriesContext); the median time spent
waiting for those queries, and the median CPU time of this process (Python: middleware,
view, forms, templates), which other load on the machine disturbs less than wall time; and the number of
Python function calls of one more request (cProfile), which the load does not change at all.
``--queries`` also prints the slowest queries of each page, to EXPLAIN them.

Each page is measured twice: *drawn*, the organization's data version moved on before every request (as a
write by anyone in the organization does), so that nothing of the page is kept but its fragments; and *kept*,
nothing written in between, so that the whole page comes from the cache (``oeplanner.fragments.kept_page``).
"""

import argparse
import cProfile
import logging
import math
import os
import platform
import pstats
import statistics
import sys
import time
import warnings

from bench import describe_database, setup_django

setup_django()

from django.conf import settings  # noqa: E402  (Django must be set up first)
from django.db import connection  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from oeplanner.models import Organization, User  # noqa: E402
from partners.models import FollowUp, Interaction, Partner  # noqa: E402

TARGET_MS = 100

# Each force_login is logged by django-axes; whitenoise warns when collectstatic has not run.
logging.getLogger("axes").setLevel(logging.WARNING)
warnings.filterwarnings("ignore", message="No directory at")


def busiest_partner(org):
    """{"partner": pk, "n": interactions} of the partner with the most interactions: the heaviest partner page."""
    busiest = (
        Interaction.objects.filter(organization=org)
        .values("partner")
        .annotate(n=Count("pk"))
        .order_by("-n", "partner")
        .first()
    )
    if busiest is None:
        sys.exit(f"Organization {org.slug!r} has no interactions: run python -m bench.generate first.")
    return busiest


def pages(org):
    """(label, URL, username) of every page measured."""
    busiest = busiest_partner(org)
    partners = reverse("partner_list", kwargs={"org_slug": org.slug})
    staff, volunteer = f"{org.slug}-staff-1", f"{org.slug}-volunteer"
    detail = reverse("partner_detail", kwargs={"org_slug": org.slug, "partner_pk": busiest["partner"]})
    return [
        ("partner list", partners, staff),
        ("partner list, filtered", f"{partners}?sector=glam&cadence=due&sort=-priority", staff),
        ("partner list, search", f"{partners}?q=lyon", staff),
        (f"partner page ({busiest['n']:,} interactions)", detail, staff),
        ("my dashboard (volunteer)", reverse("org_home", kwargs={"org_slug": org.slug}), volunteer),
    ]


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class Stopwatch:
    """Wall time, this process's CPU time and time spent waiting for the database, per request."""

    def __init__(self):
        self.wall, self.cpu, self.sql = [], [], []
        self._sql = 0.0

    def __call__(self, execute, sql, params, many, context):
        # A connection.execute_wrapper: cheaper than the debug cursor, so it stays on while timing.
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self._sql += time.perf_counter() - started

    def request(self, client, url):
        self._sql = 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        get(client, url)
        self.wall.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)
        self.sql.append(self._sql * 1000)


def move_on(org):
    """What any write in the organization does to its kept pages (``oeplanner.freshness``)."""
    Organization.objects.filter(pk=org.pk).update(data_version=F("data_version") + 1)  # any new value will do


def drawn_and_kept(org, pages):
    """Each (label, URL, client) twice: drawn, the organization's data version moved on before each request, and
    kept, nothing written in between: (label, URL, client, what runs before each request)."""
    measured = []
    for label, url, client in pages:
        measured.append((f"{label}, drawn", url, client, lambda: move_on(org)))
        measured.append((f"{label}, kept", url, client, lambda: None))
    return measured


def measure(client, url, *, runs, warmup, before=lambda: None):
    """Time ``runs`` requests of ``url`` after ``warmup`` ones; ``before`` runs ahead of each, untimed."""
    for _ in range(warmup):
        before()
        get(client, url)
    stopwatch = Stopwatch()
    with connection.execute_wrapper(stopwatch):
        for _ in range(runs):
            before()
            stopwatch.request(client, url)
    before()
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    before()
    return stopwatch, captured.captured_queries, python_calls(client, url)


def python_calls(client, url):
    """Python function calls of one request: a measure of its Python work that other load does not change."""
    profile = cProfile.Profile()
    profile.runcall(get, client, url)
    return pstats.Stats(profile).total_calls


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}, not 200.")
    return response


def generated_organization(slug):
    """The organization made by ``python -m bench.generate``; names the database it is read from."""
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        sys.exit(f"No organization {slug!r}: run python -m bench.generate --org {slug} first.")
    print(f"database: {describe_database(connection)}")
    return org


def logged_in(username):
    client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    client.force_login(User.objects.get(username=username))
    return client


def report(pages, options, target_ms, width=44):
    """Measure each (label, URL, logged-in client, before) and print its line; with ``--queries``, its slowest
    queries. ``before`` runs ahead of each request, untimed."""
    header = (
        f"{'page':<{width}} {'median ms':>9} {'p95 ms':>7} {'queries':>7}  {'SQL ms':>6} {'Python CPU ms':>13}"
        f" {'calls':>7}"
    )
    print(header)
    print("-" * len(header))
    slowest = []
    for label, url, client, before in pages:
        stopwatch, queries, calls = measure(client, url, runs=options.runs, warmup=options.warmup, before=before)
        median = statistics.median(stopwatch.wall)
        flag = "" if median < target_ms else f"  over {target_ms} ms"
        print(
            f"{label:<{width}} {median:>9.1f} {percentile(stopwatch.wall, 0.95):>7.1f} {len(queries):>7}  "
            f"{statistics.median(stopwatch.sql):>6.1f} {statistics.median(stopwatch.cpu):>13.1f} {calls:>7,}{flag}",
            flush=True,
        )
        slowest.append((label, url, queries))
    if options.queries:
        for label, url, queries in slowest:
            print(f"\n{label} — {url}")
            for query in sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]:
                print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql']}")


def parse_args(argv, prog="python -m bench.pages", doc=__doc__):
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0])
    parser.add_argument("--org", default="bench", help="slug of the generated organization (default: bench)")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per page (default: 30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests first (default: 3)")
    parser.add_argument("--queries", action="store_true", help="also print the slowest queries of each page")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    org = generated_organization(options.org)
    print(
        f"settings: {settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}; Python {platform.python_version()}, "
        f"{platform.machine()}"
    )
    print(
        f"organization {org.slug}: {Partner.objects.for_org(org).count():,} partners, "
        f"{Interaction.objects.filter(organization=org).count():,} interactions, "
        f"{FollowUp.objects.filter(organization=org).count():,} follow-ups"
    )
    print(
        f"{options.runs} runs per page after {options.warmup} warm-up runs; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs\n"
    )
    report(drawn_and_kept(org, [(label, url, logged_in(user)) for label, url, user in pages(org)]), options, TARGET_MS)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
