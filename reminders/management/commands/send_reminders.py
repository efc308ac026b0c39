from django.core.management.base import BaseCommand

from reminders import services


class Command(BaseCommand):
    help = "Run one reminder sweep now (the same code beat runs) and print what it did."

    def handle(self, *args, **options):
        result = services.sweep()
        self.stdout.write(f"planned={result.planned} retrying={result.retrying}")
        self.stdout.write(str(result))
