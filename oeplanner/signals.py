"""What the core tells the feature apps, without naming them: each app answers in its apps.py."""

from django.dispatch import Signal

# Sent inside create_organization's transaction with ``organization`` and ``language`` (also the active
# language while it is sent): each app gives the organization its defaults, written in that language.
organization_created = Signal()

# Sent by ``manage.py seed_demo`` with the ``demo`` and ``other`` organizations, their members in
# place: each app adds its demo data, once (running the command again adds nothing). Apps answer
# in INSTALLED_APPS order, so an app's demo can build on the demo of the apps listed before it.
demo_requested = Signal()
