"""Speed and peak memory of the partner import, beside plain bulk_create and django-import-export.

    python -m bench.import_partners [--rows 100000] [--existing 10000] [--ie-rows 10000] [--seed 7]

Generates a realistic CSV (fixed seed: names, cities, countries, websites, Q-ids, sectors, tags,
a primary contact; some rows repeat a partner to add a contact, some match the existing
partners, a few are invalid) and an organization holding ``--existing`` partners, then times
in one run on the configured database (DATABASE_URL, else SQLite in OEPLANNER_VAR_DIR):

  (a) a raw bulk_create of the same partners and contacts, batches of 1,000, no validation;
  (b) our import (partners/importing/), mode "create and update": validation, duplicate
      detection against the existing partners and within the file, history, undo records;
  (c) django-import-export's default ModelResource.import_data, on at most --ie-rows rows,
      extrapolated;
  (d) django-import-export with use_bulk, skip_diff, force_init_instance, batch_size=1000;
  and the preview (plan without writing) of the first 10,000 rows.

Each measure runs in a forked process and is rolled back, so that each starts from the same
database and reports its own peak resident memory (including Django's own ~70 MB).
"""

import argparse
import csv
import io
import multiprocessing
import platform
import random
import resource
import sys
import time

from bench import describe_database, setup_django

setup_django()

from django.core.files.base import ContentFile  # noqa: E402  (Django must be set up first)
from django.db import connection, connections, transaction  # noqa: E402
from import_export import resources  # noqa: E402
from import_export.fields import Field  # noqa: E402
from import_export.instance_loaders import CachedInstanceLoader  # noqa: E402

from oeplanner import bulk  # noqa: E402
from oeplanner.models import Organization  # noqa: E402
from oeplanner.services import create_organization  # noqa: E402
from partners.importing import jobs, mapping, planning, source  # noqa: E402
from partners.importing.models import ImportJob  # noqa: E402
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
        f"{first.lower()}.{n}@{slug}.example.org",
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
    stage = organization.stages.first()
    with transaction.atomic():
        for start in range(0, existing, 1000):
            partners, contacts = [], []
            for n in range(start, min(existing, start + 1000)):
                row = partner_row(rng, n)
                partner = Partner(
                    organization=organization,
                    name=row[0],
                    city=row[1],
                    country=row[2],
                    website=row[3],
                    wikidata_qid=row[4],
                    stage=stage,
                )
                partner.refresh_derived_fields()
                partners.append(partner)
            bulk.insert(Partner, partners)
            for partner in partners:
                contacts.append(Contact(partner_id=partner.pk, name="Existing Contact", email=f"c{partner.pk}@ex.org"))
            bulk.insert(Contact, contacts)
    return organization


def read_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))[1:]


# --- the measures; each runs in a child process inside a transaction that is rolled back --------------------------


def measure_bulk_create(organization, data):
    rows = read_rows(data)
    stage = organization.stages.first()
    started = time.perf_counter()
    for start in range(0, len(rows), 1000):
        partners = []
        for row in rows[start : start + 1000]:
            partner = Partner(
                organization=organization,
                name=row[0],
                city=row[1],
                country=row[2],
                website=row[3],
                wikidata_qid=row[4],
                sector=Partner.Sector.OTHER,
                stage=stage,
            )
            partner.refresh_derived_fields()
            partners.append(partner)
        Partner.objects.bulk_create(partners)
        Contact.objects.bulk_create(
            Contact(partner=p, name=row[7], email=row[8], phone=row[9], is_primary=True)
            for p, row in zip(partners, rows[start : start + 1000], strict=True)
        )
    return len(rows), time.perf_counter() - started, ""


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


def measure_ours(organization, data):
    started = time.perf_counter()
    job = _job(organization, data, "bench.csv")
    job.status = ImportJob.Status.RUNNING
    job.save()
    jobs.run_import(job)
    elapsed = time.perf_counter() - started
    note = (
        f"created={job.created_count} updated={job.updated_count} skipped={job.skipped_count} "
        f"rejected={job.rejected_count} contacts={job.contacts_count} status={job.status}"
    )
    return job.row_count, elapsed, note


def measure_preview(organization, data):
    head = b"\n".join(data.split(b"\n")[:10001]) + b"\n"
    started = time.perf_counter()
    job = _job(organization, head, "preview.csv")
    plan = planning.plan_import(job)
    return job.row_count, time.perf_counter() - started, str(plan.counts())


class BenchPartnerResource(resources.ModelResource):
    """A plain resource of the same columns; organization and stage set on each new instance."""

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


class BulkBenchPartnerResource(BenchPartnerResource):
    class Meta(BenchPartnerResource.Meta):
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        force_init_instance = True
        instance_loader_class = CachedInstanceLoader


def _dataset(data, limit=None):
    import tablib

    rows = read_rows(data)[:limit]
    dataset = tablib.Dataset(headers=HEADER)
    for row in rows:
        dataset.append(row)
    return dataset


def measure_import_export(organization, data, limit):
    dataset = _dataset(data, limit)
    started = time.perf_counter()
    result = BenchPartnerResource(organization).import_data(dataset, dry_run=False, raise_errors=False)
    return len(dataset), time.perf_counter() - started, f"errors={len(result.invalid_rows) + len(result.row_errors())}"


def measure_import_export_bulk(organization, data):
    dataset = _dataset(data)
    started = time.perf_counter()
    result = BulkBenchPartnerResource(organization).import_data(dataset, dry_run=False, raise_errors=False)
    return len(dataset), time.perf_counter() - started, f"errors={len(result.invalid_rows) + len(result.row_errors())}"


def _child(pipe, measure, args):
    try:
        organization = Organization.objects.get(slug=ORG_SLUG)
        with transaction.atomic():
            rows, seconds, note = measure(organization, *args)
            transaction.set_rollback(True)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pipe.send((rows, seconds, peak_mb, note))
    except Exception as error:  # reported by the parent
        pipe.send(error)
    finally:
        pipe.close()


def run(measure, *args):
    """Run one measure in a forked process: its own connection, its own peak memory."""
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
    options = parser.parse_args()

    from django.conf import settings

    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, options.rows)
    settings.IMPORT_MAX_FILE_MB = max(settings.IMPORT_MAX_FILE_MB, 200)

    print(
        f"# Partner import · {describe_database(connection)} · Python {platform.python_version()} · "
        f"{multiprocessing.cpu_count()} CPUs"
    )
    reset_organization(options.existing, options.seed)
    data = generate(options.rows, options.existing, options.seed)
    print(f"# {options.rows:,} rows ({len(data) / 1e6:.1f} MB CSV), {options.existing:,} existing partners\n")

    results = {}

    def report(key, label, measured, extrapolate_to=None):
        rows, seconds, peak_mb, note = measured
        rate = rows / seconds
        results[key] = rate
        extra = (
            f" (on {rows:,} rows, extrapolated to {extrapolate_to:,}: {extrapolate_to / rate:.0f} s)"
            if extrapolate_to and extrapolate_to != rows
            else ""
        )
        print(f"{label:<58} {rate:>9,.0f} rows/s {seconds:>7.2f} s  peak {peak_mb:>5.0f} MB{extra}  {note}")
        sys.stdout.flush()

    report("a", "(a) bulk_create, batches of 1,000, no validation", run(measure_bulk_create, data))
    report("b", "(b) our import: validate, match, write, history, undo", run(measure_ours, data))
    report("p", "    our preview of 10,000 rows (nothing written)", run(measure_preview, data))
    if not options.skip_default_ie:
        report(
            "c",
            "(c) django-import-export defaults",
            run(measure_import_export, data, options.ie_rows),
            extrapolate_to=options.rows,
        )
    report("d", "(d) django-import-export use_bulk, skip_diff, cached", run(measure_import_export_bulk, data))

    print()
    print(f"b/a = {results['b'] / results['a']:.2f}  (target ≥ 0.5: within 2x of bulk_create)")
    if "c" in results:
        print(f"b/c = {results['b'] / results['c']:.1f}  (target ≥ 10)")
    print(f"b/d = {results['b'] / results['d']:.1f}  (target ≥ 1.5)")


if __name__ == "__main__":
    main()
