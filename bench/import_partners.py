"""Speed and peak memory of the partner import, beside plain bulk_create, django-import-export and the floor.

    python -m bench.import_partners [--rows 100000] [--existing 10000] [--ie-rows 10000] [--seed 7]

Generates a realistic CSV (fixed seed: names, cities, countries, websites, Q-ids, sectors, tags,
a primary contact; some rows repeat a partner to add a contact, some match the existing
partners, a few are invalid; under the default upload limit at 100,000 rows) and an
organization holding ``--existing`` partners, then times in one run on the configured database
(DATABASE_URL, else SQLite in OEPLANNER_VAR_DIR):

  (a) a raw bulk_create of the same partners and contacts, batches of 1,000, no validation;
  (b) our import (partners/importing/), mode "create and update": validation, duplicate
      detection against the existing partners and within the file, history, undo records;
  (c) django-import-export's default ModelResource.import_data, partners only, on at most
      --ie-rows rows, extrapolated;
  (d) django-import-export with use_bulk, skip_diff, force_init_instance, batch_size=1000:
      the partners, then their contacts (a second resource finding the partner by its Q-id);
  (e) a raw COPY of the same partners and contacts as (a), prepared beforehand: what writing
      these rows into these tables, with their indexes and foreign keys, costs at least;
  and the preview (plan without writing) of the first 10,000 rows.

Each measure runs in a forked process inside a transaction that is rolled back, so that each
starts from the same database and reports its own peak resident memory (including Django's
own ~70 MB). Its time includes the deferred foreign-key checks a commit would run
(``SET CONSTRAINTS ALL IMMEDIATE`` on PostgreSQL). Between measures, ``VACUUM ANALYZE``
removes what the rolled-back one left in the tables and indexes. Besides the wall time, each
line gives the CPU time of the Python process and of the PostgreSQL backend serving it (read
from /proc when the server runs on the same machine): on a shared machine the wall time
swings with the load, the CPU times much less, and the ratios are also given by CPU time.
"""

import argparse
import csv
import io
import multiprocessing
import os
import platform
import random
import resource
import sys
import time

from bench import describe_database, setup_django, vacuum_analyze

setup_django()

from django.conf import settings  # noqa: E402  (Django must be set up first)
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from import_export import resources, widgets  # noqa: E402
from import_export.fields import Field  # noqa: E402
from import_export.instance_loaders import CachedInstanceLoader  # noqa: E402

from oeplanner import bulk  # noqa: E402
from oeplanner.models import Organization  # noqa: E402
from oeplanner.services import create_organization  # noqa: E402
from partners.importing import jobs, mapping, planning, source  # noqa: E402
from partners.importing.models import ImportedUpdate, ImportJob  # noqa: E402
from partners.models import Contact, Partner, normalize_name  # noqa: E402

ORG_SLUG = "importbench"
CITIES = [
    ("Lyon", "FR"),
    ("Paris", "FR"),
    ("Berlin", "DE"),
    ("München", "DE"),
    ("Madrid", "ES"),
    ("Sevilla", "ES"),
    ("Milano", "IT"),
    ("Roma", "IT"),
    ("Kraków", "PL"),
    ("Praha", "CZ"),
    ("Lisboa", "PT"),
    ("Nairobi", "KE"),
    ("Accra", "GH"),
    ("Lima", "PE"),
    ("Bogotá", "CO"),
    ("Manila", "PH"),
    ("Jakarta", "ID"),
    ("Dhaka", "BD"),
]
KINDS = ["Museum", "Library", "Archive", "University", "School", "Gallery", "Institute", "Foundation"]
WORDS = [
    "National",
    "City",
    "Regional",
    "Open",
    "Modern",
    "Natural History",
    "Science",
    "Fine Arts",
    "Music",
    "Maritime",
    "Folk",
    "Photography",
    "Design",
    "Children's",
    "Technical",
    "Agricultural",
    "Medical",
]
SECTORS = ["GLAM", "Education", "STEM", "Free-knowledge movement", "Other"]
TAGS = ["2026 fair", "digitization", "open access", "edit-a-thon", "", "", ""]
FIRST = ["Ana", "Jean", "Grace", "Kofi", "Mei", "Olga", "Pablo", "Sara", "Tomasz", "Yusuf", "Zainab", "Lena"]
LAST = ["Okafor", "Dubois", "Novak", "García", "Kowalski", "Mensah", "Rossi", "Schmidt", "Silva", "Tanaka"]
HEADER = [
    "Name",
    "City",
    "Country",
    "Website",
    "Wikidata item",
    "Sector",
    "Tags",
    "Contact name",
    "Contact e-mail",
    "Contact phone",
]


def partner_row(rng, n):
    city, country = CITIES[n % len(CITIES)]
    name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} of {city} {n}"
    slug = normalize_name(name).replace(" ", "-")
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return [
        name,
        city,
        country,
        f"https://www.{slug}.example.org/",
        f"Q{1000000 + n}",
        rng.choice(SECTORS),
        rng.choice(TAGS),
        f"{first} {last}",
        f"{first.lower()}.{n}@example.org",
        f"+33 1 {n % 100:02d} {n % 97:02d} {n % 89:02d}",
    ]


def generate(rows, existing, seed):
    """The CSV: mostly new partners; 5% match an existing one, 2% repeat an earlier row with another contact,
    0.5% are invalid."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    written = []
    for i in range(rows):
        roll = rng.random()
        if roll < 0.05 and existing:
            row = partner_row(rng, rng.randrange(existing))
        elif roll < 0.07 and written:
            row = list(rng.choice(written))
            row[7], row[8] = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"other.{i}@example.org"
        else:
            row = partner_row(rng, existing + i)
            if roll > 0.995:
                row[3] = "not a website"
            elif len(written) < 5000:
                written.append(row)
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def reset_organization(existing, seed):
    old = Organization.objects.filter(slug=ORG_SLUG).first()
    if old is not None:
        with connection.cursor() as cursor:
            partners = "SELECT id FROM partners_partner WHERE organization_id = %s"
            for sql in [
                f"DELETE FROM partners_contact WHERE partner_id IN ({partners})",
                f"DELETE FROM partners_partner_tags WHERE partner_id IN ({partners})",
                f"DELETE FROM partners_partner_networks WHERE partner_id IN ({partners})",
                f"DELETE FROM partners_importedupdate WHERE partner_id IN ({partners})",
                "DELETE FROM partners_partner WHERE organization_id = %s",
            ]:
                cursor.execute(sql, [old.pk])
        old.delete()
    organization = create_organization(name="Import benchmark", slug=ORG_SLUG)
    rng = random.Random(seed + 1)
    with transaction.atomic():
        for start in range(0, existing, 1000):
            rows = [partner_row(rng, n) for n in range(start, min(existing, start + 1000))]
            partners, contacts = partner_and_contact_rows(organization, rows)
            for contact in contacts:
                contact[2:6] = ["Existing Contact", "", f"c{contact[1]}@ex.org", ""]
            bulk.write_rows(Partner, PARTNER_FIELDS, partners)
            bulk.write_rows(Contact, CONTACT_FIELDS, contacts)
    return organization


PARTNER_FIELDS = [f.attname for f in Partner._meta.concrete_fields]
CONTACT_FIELDS = ["id", "partner_id", "name", "role", "email", "phone", "is_primary", "notes"]


def new_partner(organization, stage, row, **fields):
    """A partner of a row of the file, with the values save() would store."""
    partner = Partner(
        organization=organization,
        name=row[0],
        city=row[1],
        country=row[2],
        website=row[3],
        wikidata_qid=row[4],
        sector=Partner.Sector.OTHER,
        stage=stage,
        **fields,
    )
    partner.refresh_derived_fields()
    return partner


def partner_and_contact_rows(organization, rows):
    """Every row of the file as a partner (the values save() would store) with its contact, as plain rows."""
    stage = organization.stages.first()
    now = timezone.now()
    partners, contacts = [], []
    partner_ids = bulk.reserve_ids(Partner, len(rows))
    contact_ids = bulk.reserve_ids(Contact, len(rows))
    for row, pk, contact_pk in zip(rows, partner_ids, contact_ids, strict=True):
        partners.append(new_partner(organization, stage, row, pk=pk, created_at=now, updated_at=now))
        contacts.append([contact_pk, pk, row[7], "", row[8], row[9], True, ""])
    return bulk.values_of(Partner, partners, PARTNER_FIELDS), contacts


def read_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))[1:]


# --- the measures; each runs in a child process inside a transaction that is rolled back --------------------------
# A measure prepares what it is given untimed, calls clock.start(), and returns (rows, note); the clock stops after
# the deferred constraint checks.


def measure_bulk_create(organization, clock, data):
    rows = read_rows(data)
    stage = organization.stages.first()
    clock.start()
    for start in range(0, len(rows), 1000):
        partners = []
        for row in rows[start : start + 1000]:
            partners.append(new_partner(organization, stage, row))
        Partner.objects.bulk_create(partners)
        Contact.objects.bulk_create(
            Contact(partner=p, name=row[7], email=row[8], phone=row[9], is_primary=True)
            for p, row in zip(partners, rows[start : start + 1000], strict=True)
        )
    return len(rows), ""


def measure_copy(organization, clock, data):
    rows = read_rows(data)
    partners, contacts = partner_and_contact_rows(organization, rows)
    partner_data, contact_data = bulk.copy_data(partners), bulk.copy_data(contacts)
    del partners, contacts
    clock.start()
    bulk.copy_rows(Partner._meta.db_table, PARTNER_FIELDS, partner_data)
    bulk.copy_rows(Contact._meta.db_table, CONTACT_FIELDS, contact_data)
    return len(rows), ""


def _job(organization, data, name):
    info = source.inspect_file(data, name)
    job = ImportJob(
        organization=organization,
        file_name=name,
        upload=ContentFile(data, name=name),
        mode=ImportJob.Mode.UPDATE,
        skip_invalid=True,
        default_stage=organization.stages.first(),
        **info,
    )
    job.mapping = mapping.auto_mapping(job)
    return job


def measure_ours(organization, clock, data):
    clock.start()
    job = _job(organization, data, "bench.csv")
    job.status = ImportJob.Status.RUNNING
    job.save()
    jobs.run_import(job)
    note = (
        f"created={job.created_count} updated={job.updated_count} skipped={job.skipped_count} "
        f"rejected={job.rejected_count} contacts={job.contacts_count} status={job.status}"
    )
    return job.row_count, note


def measure_preview(organization, clock, data):
    head = b"\n".join(data.split(b"\n")[:10001]) + b"\n"
    clock.start()
    job = _job(organization, head, "preview.csv")
    plan = planning.plan_import(job)
    return job.row_count, str(plan.counts())


class BenchPartnerResource(resources.ModelResource):
    """A plain resource of the same columns; organization and stage set on each new instance, and the values
    save() would store computed before it is saved (bulk mode does not call save())."""

    name = Field(attribute="name", column_name="Name")
    city = Field(attribute="city", column_name="City")
    country = Field(attribute="country", column_name="Country")
    website = Field(attribute="website", column_name="Website")
    wikidata_qid = Field(attribute="wikidata_qid", column_name="Wikidata item")

    class Meta:
        model = Partner
        fields = ["name", "city", "country", "website", "wikidata_qid"]
        import_id_fields = ["wikidata_qid"]

    def __init__(self, organization, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization
        self.stage = organization.stages.first()

    def init_instance(self, row=None):
        return Partner(organization=self.organization, stage=self.stage)

    def get_queryset(self):
        return Partner.objects.filter(organization=self.organization)

    def before_save_instance(self, instance, row, **kwargs):
        instance.refresh_derived_fields()


class BulkBenchPartnerResource(BenchPartnerResource):
    class Meta(BenchPartnerResource.Meta):
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        force_init_instance = True
        instance_loader_class = CachedInstanceLoader


class PartnerByQid(widgets.Widget):
    """The partner of a Q-id, from a dictionary loaded once (a ForeignKeyWidget would query each row)."""

    def __init__(self, organization):
        super().__init__()
        self.ids = dict(Partner.objects.for_org(organization).values_list("wikidata_qid", "pk"))

    def clean(self, value, row=None, **kwargs):
        return self.ids.get(value)


class BulkBenchContactResource(resources.ModelResource):
    name = Field(attribute="name", column_name="Contact name")
    email = Field(attribute="email", column_name="Contact e-mail")
    phone = Field(attribute="phone", column_name="Contact phone")

    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "partner_id"]
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        force_init_instance = True

    def __init__(self, organization, **kwargs):
        super().__init__(**kwargs)
        self.fields["partner_id"] = Field(
            attribute="partner_id", column_name="Wikidata item", widget=PartnerByQid(organization)
        )

    def init_instance(self, row=None):
        return Contact(is_primary=True)


def _dataset(data, limit=None):
    import tablib

    rows = read_rows(data)[:limit]
    dataset = tablib.Dataset(headers=HEADER)
    for row in rows:
        dataset.append(row)
    return dataset


def _errors(result):
    return len(result.invalid_rows) + len(result.row_errors())


def measure_import_export(organization, clock, data, limit):
    dataset = _dataset(data, limit)
    clock.start()
    result = BenchPartnerResource(organization).import_data(dataset, dry_run=False, raise_errors=False)
    return len(dataset), f"errors={_errors(result)}"


def measure_import_export_bulk(organization, clock, data):
    dataset = _dataset(data)
    clock.start()
    partners = BulkBenchPartnerResource(organization).import_data(dataset, dry_run=False, raise_errors=False)
    contacts = BulkBenchContactResource(organization).import_data(dataset, dry_run=False, raise_errors=False)
    return len(dataset), f"errors={_errors(partners)}+{_errors(contacts)} contacts={contacts.totals['new']}"


class Clock:
    """Wall time; the CPU time of this process (Python's share); and, when the server runs on this machine, the
    CPU time of the database server process serving the measure. Wall time depends on what else the machine
    runs; the two CPU times much less, and on a quiet machine their sum is about the wall time."""

    def start(self):
        self.started, self.cpu_started = time.perf_counter(), time.process_time()
        self.server_started = server_cpu()

    def seconds(self):
        server = server_cpu()
        return (
            time.perf_counter() - self.started,
            time.process_time() - self.cpu_started,
            server - self.server_started if server is not None and self.server_started is not None else None,
        )


def server_cpu():
    """CPU seconds of this connection's PostgreSQL backend, read from /proc (None when it is elsewhere)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _child(pipe, measure, args):
    try:
        organization = Organization.objects.get(slug=ORG_SLUG)
        clock = Clock()
        with transaction.atomic():
            rows, note = measure(organization, clock, *args)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign-key checks of a commit
            seconds, cpu, server = clock.seconds()
            transaction.set_rollback(True)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pipe.send((rows, seconds, cpu, server, peak_mb, note))
    except Exception as error:  # reported by the parent
        pipe.send(error)
    finally:
        pipe.close()


def vacuum():
    """Clear what a rolled-back measure left behind (dead rows, index entries) and refresh the statistics."""
    vacuum_analyze(
        [
            model._meta.db_table
            for model in (
                Partner,
                Partner.history.model,
                Partner.tags.through,
                Partner.networks.through,
                Contact,
                Contact.history.model,
                ImportJob,
                ImportedUpdate,
            )
        ]
    )


def run(measure, *args):
    """Run one measure in a forked process: its own connection, its own peak memory."""
    vacuum()
    connections.close_all()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, measure, args))
    process.start()
    result = receive.recv()
    process.join()
    if isinstance(result, Exception):
        raise result
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=10_000)
    parser.add_argument("--ie-rows", type=int, default=10_000, help="rows for django-import-export's default mode")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-default-ie", action="store_true", help="leave out (c), the slowest")
    parser.add_argument("--only", default="abpcde", help="the measures to run, e.g. 'be' (p: the preview)")
    options = parser.parse_args()

    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, options.rows)

    print(
        f"# Partner import · {describe_database(connection)} · Python {platform.python_version()} · "
        f"{multiprocessing.cpu_count()} CPUs"
    )
    reset_organization(options.existing, options.seed)
    data = generate(options.rows, options.existing, options.seed)
    fits = len(data) <= settings.IMPORT_MAX_FILE_MB * 1024 * 1024
    print(
        f"# {options.rows:,} rows ({len(data) / 1e6:.1f} MB CSV, {'within' if fits else 'OVER'} the "
        f"{settings.IMPORT_MAX_FILE_MB} MB upload limit), {options.existing:,} existing partners\n"
    )
    if not fits:
        settings.IMPORT_MAX_FILE_MB = len(data) // (1024 * 1024) + 1

    results, cpu_rates = {}, {}

    def report(key, label, measured, extrapolate_to=None):
        rows, seconds, cpu, server, peak_mb, note = measured
        rate = rows / seconds
        results[key] = rate
        if server is not None:
            cpu_rates[key] = rows / (cpu + server)
        extra = (
            f" (on {rows:,} rows, extrapolated to {extrapolate_to:,}: {extrapolate_to / rate:.0f} s)"
            if extrapolate_to and extrapolate_to != rows
            else ""
        )
        server_text = f"{server:>6.2f} s" if server is not None else "   n/a  "
        print(
            f"{label:<56} {rate:>7,.0f} rows/s {seconds:>7.2f} s  CPU: Python {cpu:>6.2f} s, server {server_text}"
            f"  peak {peak_mb:>4.0f} MB{extra}  {note}"
        )
        sys.stdout.flush()

    only = set(options.only) - ({"c"} if options.skip_default_ie else set())
    # (e) right after (b): the ratio that matters most is measured under the same load.
    if "a" in only:
        report("a", "(a) bulk_create, batches of 1,000, no validation", run(measure_bulk_create, data))
    if "b" in only:
        report("b", "(b) our import: validate, match, write, history, undo", run(measure_ours, data))
    if "e" in only and connection.vendor == "postgresql":
        report("e", "(e) raw COPY of the same partners and contacts", run(measure_copy, data))
    if "p" in only:
        report("p", "    our preview of 10,000 rows (nothing written)", run(measure_preview, data))
    if "d" in only:
        report("d", "(d) django-import-export use_bulk, skip_diff, cached", run(measure_import_export_bulk, data))
    if "c" in only:
        report(
            "c",
            "(c) django-import-export defaults, partners only",
            run(measure_import_export, data, options.ie_rows),
            extrapolate_to=options.rows,
        )

    print()
    for key, target in (("a", "≥ 0.5: within 2x of bulk_create"), ("c", "≥ 10"), ("d", "≥ 1.5"), ("e", "≥ 0.6")):
        if "b" in results and key in results:
            by_cpu = (
                f"; by CPU time (Python + server) {cpu_rates['b'] / cpu_rates[key]:.2f}"
                if "b" in cpu_rates and key in cpu_rates
                else ""
            )
            print(f"b/{key} = {results['b'] / results[key]:.2f}{by_cpu}  (target {target})")


if __name__ == "__main__":
    main()
