"""E-mail backends for the reminder tests: the mail server is the edge of the world.

``FileMailbox`` is for worker processes the tests start: each message becomes one file in
$MAILBOX_DIR named after its X-OE-Reminder header, written whole (rename), so that a test can
count what a worker sent and see any duplicate, with its Message-ID. $MAILBOX_DELAY slows each
send down (a slow mail server). $MAILBOX_HANG_AFTER=n makes the n-th message of the process the
last one: once it is written (the server has answered "250 OK"), the send does not return, and a
file ``hung-<pid>`` tells the test that the worker now sits between the mail server's answer and
the database update — where the test kills it.

``RefusingBackend`` is a mail server that refuses the addresses listed in ``REFUSED``.
"""

import email
import os
import smtplib
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED = set()


class FileMailbox(BaseEmailBackend):
    sent_by_this_process = 0

    def send_messages(self, messages):
        folder = Path(os.environ["MAILBOX_DIR"])
        delay = float(os.environ.get("MAILBOX_DELAY", "0"))
        hang_after = int(os.environ.get("MAILBOX_HANG_AFTER", "0"))
        for message in messages:
            time.sleep(delay)
            name = f"{message.extra_headers.get('X-OE-Reminder', 'none')}-{uuid.uuid4().hex}"
            partial = folder / f".{name}.tmp"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(folder / f"{name}.eml")
            FileMailbox.sent_by_this_process += 1
            if FileMailbox.sent_by_this_process == hang_after:
                (folder / f"hung-{os.getpid()}").touch()
                time.sleep(3600)
        return len(messages)


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & REFUSED
            if refused:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"Mailbox unavailable") for address in refused})
        return super().send_messages(messages)


def _mails(folder):
    for path in Path(folder).glob("*.eml"):
        yield int(path.name.split("-", 1)[0]), path


def sent_files(folder):
    """{reminder pk: number of messages} for what a worker wrote into ``folder``."""
    counts = {}
    for pk, _path in _mails(folder):
        counts[pk] = counts.get(pk, 0) + 1
    return counts


def message_ids(folder):
    """{reminder pk: [Message-ID of each message written for it]}."""
    ids = {}
    for pk, path in _mails(folder):
        ids.setdefault(pk, []).append(email.message_from_bytes(path.read_bytes())["Message-ID"])
    return ids


@dataclass
class Deliveries:
    """What reached the mailbox, per reminder: the figures a fault test reports."""

    reminders: int
    mails: int
    lost: int
    doubled_same_id: int
    doubled_distinct_ids: int

    @classmethod
    def count(cls, folder, reminder_pks):
        ids = message_ids(folder)
        doubled = [ids[pk] for pk in reminder_pks if len(ids.get(pk, [])) > 1]
        return cls(
            reminders=len(reminder_pks),
            mails=sum(len(found) for found in ids.values()),
            lost=sum(1 for pk in reminder_pks if pk not in ids),
            doubled_same_id=sum(1 for found in doubled if len(set(found)) == 1),
            doubled_distinct_ids=sum(1 for found in doubled if len(set(found)) > 1),
        )
