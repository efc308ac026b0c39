"""E-mail backends for the reminder tests.

``FileMailbox`` is for worker processes the tests start: each message becomes one file in
$MAILBOX_DIR named after its X-OE-Reminder header, written whole (rename), so that a test can
count what a worker sent and see any duplicate. $MAILBOX_DELAY slows each send down, so that a
test can kill the worker in the middle of a batch.

``RefusingBackend`` is a mail server that refuses the addresses listed in ``REFUSED``.
"""

import os
import smtplib
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED = set()


class FileMailbox(BaseEmailBackend):
    def send_messages(self, messages):
        folder = Path(os.environ["MAILBOX_DIR"])
        delay = float(os.environ.get("MAILBOX_DELAY", "0"))
        for message in messages:
            time.sleep(delay)
            name = f"{message.extra_headers.get('X-OE-Reminder', 'none')}-{uuid.uuid4().hex}"
            partial = folder / f".{name}.tmp"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(folder / f"{name}.eml")
        return len(messages)


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & REFUSED
            if refused:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"Mailbox unavailable") for address in refused})
        return super().send_messages(messages)


def sent_files(folder):
    """{reminder pk: number of messages} for what a worker wrote into ``folder``."""
    counts = {}
    for path in Path(folder).glob("*.eml"):
        pk = int(path.name.split("-", 1)[0])
        counts[pk] = counts.get(pk, 0) + 1
    return counts
