"""Requests per second of the pages under load, beside a bare Django page on the same server.

    python -m bench.load [--org bench] [--connections 8 32] [--duration 20] [--warmup 3] [--workers 3]

Starts gunicorn (``--workers`` sync workers) on the database the settings name, with bench/settings.py:
the same settings plus a reference page (``/bench/reference/``: the middleware, the session and a
small template, nothing else) that production never mounts. Signs in ``<org>-staff-1`` and
``<org>-volunteer`` (sessions made as ``force_login`` makes them). Then, for each number of
connections, drives each page in turn: that many client threads, each asking again as soon as its
answer has been read (a closed loop, one new connection per request as gunicorn's sync workers close
them), ``--warmup`` seconds unmeasured, then ``--duration`` seconds measured. Printed per page:
requests per second, the 50th, 95th and 99th percentile of the response time, the errors (anything
but a 200), and the page's requests per second as a share of the reference's in the same run.

Each page is driven three times (``bench.pages`` explains why): *kept*, nothing written meanwhile, so that it
comes whole from the cache; with ``--writes-per-second`` writes (default 1): a thread moves the organization's
data version on that often, as a busy organization's members do, so that the first request after each write
draws the page again; then *drawn*, each client moving the data version on before each of its requests
(outside the timed part), so that every request draws the page again from its fragments.

The client runs on the same machine and takes its share of the CPU: its own CPU time is printed too.
"""

import argparse
import http.client
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import setup_django
from bench.dashboard import pages as dashboard_pages
from bench.pages import busiest_partner, generated_organization, logged_in, move_on, percentile

setup_django()

from django.conf import settings  # noqa: E402  (Django must be set up first)
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

HOST = "127.0.0.1"
REFERENCE = "reference (bare Django view)"
# Targets of issue 15, at 8 connections.
MIN_SHARE, MIN_RPS, MAX_P95_MS = 0.25, 100, 200
RPS_TARGETED = ("partner list", "my dashboard (volunteer)")


def pages(org):
    """(label, URL, username) of every page driven, the reference first."""
    slug = org.slug
    staff, volunteer = f"{slug}-staff-1", f"{slug}-volunteer"
    busiest = busiest_partner(org)
    return [
        (REFERENCE, "/bench/reference/", staff),
        ("partner list", reverse("partner_list", kwargs={"org_slug": slug}), staff),
        (
            f"partner page ({busiest['n']:,} interactions)",
            reverse("partner_detail", kwargs={"org_slug": slug, "partner_pk": busiest["partner"]}),
            staff,
        ),
        ("my dashboard (volunteer)", reverse("org_home", kwargs={"org_slug": slug}), volunteer),
        # The organization dashboard, the evaluation views and the partnership list, as bench.dashboard has them.
        *((label, url, staff) for label, url in dashboard_pages(org)),
    ]


def session_cookie(username):
    cookie = logged_in(username).cookies[settings.SESSION_COOKIE_NAME]
    return f"{cookie.key}={cookie.value}"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(port, url, cookie):
    """(seconds, answered 200) of one GET on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", url, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        ok = response.status == 200
    except OSError:
        ok = False
    finally:
        connection.close()
    return time.perf_counter() - started, ok


def drive(port, url, cookie, *, connections, seconds, before=None, write=None, writes_per_second=0):
    """(requests per second, [seconds of each request], errors) of ``connections`` closed loops for ``seconds``;
    ``before`` runs ahead of each request, untimed; ``write`` runs ``writes_per_second`` times a second beside them."""
    results = []
    deadline = time.perf_counter() + seconds

    def writer():
        while time.perf_counter() < deadline:
            write()
            time.sleep(1 / writes_per_second)
        connection.close()

    def loop():
        mine = []
        while time.perf_counter() < deadline:
            if before is not None:
                before()
            mine.append(fetch(port, url, cookie))
        results.extend(mine)  # list.extend is atomic under the GIL
        connection.close()  # this thread's, if before() opened one

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    if write is not None and writes_per_second > 0:
        threads.append(threading.Thread(target=writer))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(results) / elapsed, [seconds for seconds, _ok in results], sum(not ok for _s, ok in results)


class Server:
    """gunicorn serving the app with the benchmark's URLs, for as long as the ``with`` block lasts."""

    def __init__(self, workers):
        self.port = free_port()
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", BENCH_BASE_SETTINGS=settings.SETTINGS_MODULE)
        env["PYTHONWARNINGS"] = "ignore:No directory at"  # whitenoise, when collectstatic has not run
        command = [sys.executable, "-m", "gunicorn", "oeplanner.wsgi:application", "--workers", str(workers)]
        command += ["--bind", f"{HOST}:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parent.parent)

    def __enter__(self):
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped with status {self.process.returncode}.")
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.process.kill()
        sys.exit("gunicorn did not start within 60 s.")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run(server, targets, connections, options, width=44):
    header = (
        f"{'page':<{width}} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} {'of reference':>12}"
    )
    print(
        f"\n{connections} connections, {options.duration} s each after {options.warmup} s of warm-up; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(header)
    print("-" * len(header))
    reference_rps = None
    for label, url, cookie, load in targets:
        drive(server.port, url, cookie, connections=connections, seconds=options.warmup, **load)
        cpu = time.process_time()
        rps, times, errors = drive(server.port, url, cookie, connections=connections, seconds=options.duration, **load)
        client_cpu = (time.process_time() - cpu) / options.duration
        reference_rps = reference_rps or rps
        share = rps / reference_rps
        missed = []
        if connections == 8 and label != REFERENCE:
            label_targeted = label.rsplit(", ", 1)[0] in RPS_TARGETED
            if share < MIN_SHARE:
                missed.append(f"under {MIN_SHARE:.0%} of the reference")
            if label_targeted and rps < MIN_RPS:
                missed.append(f"under {MIN_RPS} req/s")
            if percentile(times, 0.95) * 1000 > MAX_P95_MS:
                missed.append(f"p95 over {MAX_P95_MS} ms")
        ms = [t * 1000 for t in times]
        print(
            f"{label:<{width}} {rps:>7.1f} {statistics.median(ms):>7.1f} {percentile(ms, 0.95):>7.1f} "
            f"{percentile(ms, 0.99):>7.1f} {errors:>6} {share:>12.0%}  (client CPU {client_cpu:.0%})"
            + (f"  {'; '.join(missed)}" if missed else ""),
            flush=True,
        )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", default="bench", help="slug of the generated organization (default: bench)")
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 32], help="(default: 8 32)")
    parser.add_argument("--duration", type=float, default=20, help="measured seconds per page (default: 20)")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds per page first (default: 3)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default: 3)")
    parser.add_argument(
        "--writes-per-second",
        type=float,
        default=1,
        help="also drive each page while the organization's data moves on this often (default: 1; 0: not)",
    )
    options = parser.parse_args(argv)
    org = generated_organization(options.org)
    print(
        f"settings: {settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}; gunicorn, {options.workers} sync workers; "
        f"Python {platform.python_version()}; {os.cpu_count()} CPUs"
    )
    cookies = {}
    targets = []
    for label, url, username in pages(org):
        if username not in cookies:
            cookies[username] = session_cookie(username)
        if label == REFERENCE:
            targets.append((label, url, cookies[username], {}))
            continue
        targets.append((f"{label}, kept", url, cookies[username], {}))
        if options.writes_per_second:
            rate = options.writes_per_second
            writes = {"write": lambda: move_on(org), "writes_per_second": rate}
            targets.append((f"{label}, {rate:g} writes/s", url, cookies[username], writes))
        targets.append((f"{label}, drawn", url, cookies[username], {"before": lambda: move_on(org)}))
    with Server(options.workers) as server:
        for connections in options.connections:
            run(server, targets, connections, options)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
