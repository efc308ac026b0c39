"""python manage.py import_partners FILE --org SLUG [--no-header] [--map FIELD=COLUMN ...] [--auto-map]
[--mapping NAME] [--mode create|update|fill|skip] [--skip-invalid] [--dry-run]"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from oeplanner.models import Organization
from oeplanner.spreadsheets import FileRefused, check_size
from partners.importing import jobs, planning, source
from partners.importing.fields import FIELDS_BY_KEY
from partners.importing.mapping import auto_mapping, mapping_from_saved, mapping_problems
from partners.importing.models import ImportJob, SavedMapping
from partners.models import normalize_name


class Command(BaseCommand):
    help = (
        "Import partners (and their contacts) from a CSV or XLSX file into an organization, as the import wizard "
        "does. Ends with one line: created=N updated=N skipped=N rejected=N, the partners now in the database "
        "(all zero but rejected when the import failed). Exits with status 1 when rejected rows stopped the import "
        "or the import failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument("--org", required=True, help="The organization's short name (slug).")
        parser.add_argument("--no-header", action="store_true", help="The first row is data, not column names.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="Map a column (its name, or its number from 1) to a field; repeat for each column. Fields: "
            + ", ".join(FIELDS_BY_KEY)
            + ". With --map, only the columns given with --map are imported (add --auto-map to map the others "
            "too); without it (and without --mapping), well-known column names, or the values of a file without "
            "header, are mapped automatically.",
        )
        parser.add_argument(
            "--auto-map",
            action="store_true",
            help="With --map: also map the other columns automatically, by their well-known names or values.",
        )
        parser.add_argument("--mapping", help="Start from the organization's saved mapping of this name.")
        parser.add_argument(
            "--mode",
            choices=ImportJob.Mode.values,
            default=ImportJob.Mode.SKIP,
            help="What to do with partners already registered (default: skip).",
        )
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows, leave the rejected.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organization with the short name {options['org']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
            info = source.inspect_file(data, path.name)
        except FileRefused as error:
            raise CommandError(str(error)) from None

        job = ImportJob(
            organization=organization,
            file_name=path.name,
            file_size=len(data),
            upload=ContentFile(data, name=path.name),
            default_stage=organization.stages.first(),
            mode=options["mode"],
            skip_invalid=options["skip_invalid"],
            **info,
        )
        if options["no_header"] and job.has_header or not options["no_header"] and not job.has_header:
            job.has_header = not options["no_header"]
            job.row_count += -1 if job.has_header else 1
        job.mapping, automatic = self.mapping(job, organization, options)
        problems = mapping_problems(job.mapping)
        if problems:
            raise CommandError(" ".join(problems))
        self.stderr.write(
            "Columns: "
            + ", ".join(
                f"{header} → {key or '-'}" + (" (auto)" if key and i in automatic else "")
                for i, (header, key) in enumerate(zip(source.column_headers(job), job.mapping, strict=True))
            )
        )

        if options["dry_run"]:
            plan = planning.plan_import(job)
            counts = plan.counts()
            rejections = plan.rejections
        else:
            # Claimed like any job, so that if this process dies the sweep marks the job failed.
            job.status = ImportJob.Status.QUEUED
            job.save()
            jobs.claim(job.pk)
            job.refresh_from_db()
            jobs.run_import(job)
            counts = {
                "created": job.created_count,
                "updated": job.updated_count,
                "skipped": job.skipped_count,
                "rejected": job.rejected_count,
            }
            rejections = job.rejections
            if job.status == ImportJob.Status.FAILED:
                self.stderr.write(job.error)
        for rejection in rejections[:50]:
            for field, reason in rejection["problems"]:
                self.stderr.write(f"line {rejection['line']}" + (f", {field}" if field else "") + f": {reason}")
        if len(rejections) > 50:
            self.stderr.write(f"… and {len(rejections) - 50} more rejected rows.")
        self.stdout.write(
            f"created={counts['created']} updated={counts['updated']} skipped={counts['skipped']} "
            f"rejected={counts['rejected']}"
        )
        if rejections and not options["skip_invalid"] or job.status == ImportJob.Status.FAILED:
            raise SystemExit(1)

    def mapping(self, job, organization, options):
        """The field of each column, and the indexes of the columns mapped automatically."""
        automatic = set()
        if options["mapping"]:
            saved = SavedMapping.objects.filter(organization=organization, name=options["mapping"]).first()
            if saved is None:
                raise CommandError(f"No saved mapping named {options['mapping']!r} in {organization.slug}.")
            mapping = mapping_from_saved(job, saved)
        elif options["map"] and not options["auto_map"]:
            mapping = [""] * job.column_count
        else:
            mapping = auto_mapping(job)
            automatic = {i for i, key in enumerate(mapping) if key}
        headers = [normalize_name(h) for h in source.column_headers(job)]
        for item in options["map"]:
            field, sep, column = item.partition("=")
            if not sep or field not in FIELDS_BY_KEY:
                raise CommandError(f"--map {item!r}: use FIELD=COLUMN with a field among {', '.join(FIELDS_BY_KEY)}.")
            if column.isdigit() and 1 <= int(column) <= job.column_count:
                index = int(column) - 1
            elif normalize_name(column) in headers:
                index = headers.index(normalize_name(column))
            else:
                raise CommandError(f"--map {item!r}: no column {column!r} in the file.")
            mapping = ["" if key == field else key for key in mapping]
            mapping[index] = field
            automatic.discard(index)
        return mapping, {i for i in automatic if mapping[i]}
