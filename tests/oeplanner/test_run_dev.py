"""`make run` (scripts/run-dev): links in e-mails follow HOST and PORT, the address comes last,
and Ctrl-C stops the server, the worker and the beat within seconds."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SEND_INVITATION = """
from oeplanner.models import Invitation, Organization
from oeplanner.services import _send_invitation
org = Organization(name="Musée Gadagne", slug="gadagne", time_zone="Europe/Paris")
_send_invitation(Invitation(organization=org, email="new@example.org", role="volunteer"), "the-token")
"""


def clean_env(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT", "DJANGO_SETTINGS_MODULE"}}
    return {**base, "DJANGO_SETTINGS_MODULE": "oeplanner.settings.local", **env}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_links_in_e_mails_point_to_the_port_the_app_is_served_on():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEND_INVITATION],
        cwd=ROOT,
        env=clean_env(PORT="8123", EMAIL_HOST=""),  # the console backend prints the e-mail
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Accept or decline here: http://127.0.0.1:8123/invitations/the-token/" in result.stdout


def test_a_site_url_that_is_set_wins_over_host_and_port():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=clean_env(PORT="8123", HOST="0.0.0.0", SITE_URL="https://planner.example/"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.splitlines()[-1] == "https://planner.example"


def group_members(pgid):
    """Processes of the group, not counting those that have exited and wait to be reaped."""
    out = subprocess.run(["ps", "-o", "pid=,stat=,args=", "-g", str(pgid)], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.split()[1][0] != "Z"]


def test_ctrl_c_stops_server_worker_and_beat_within_seconds_after_printing_the_address_last(tmp_path):
    port = free_port()
    env = clean_env(PORT=str(port), OEPLANNER_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    # Its own session, as in a terminal: Ctrl-C signals the whole foreground group.
    run = subprocess.Popen(
        ["scripts/run-dev"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    pgid = run.pid
    try:
        lines = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = run.stdout.readline()
            assert line, "run-dev stopped before printing the address:\n" + "".join(lines)
            lines.append(line)
            if line.startswith("OE Planner: "):
                break
        address = lines[-1]
        assert address.startswith(f"OE Planner: http://127.0.0.1:{port}/"), "".join(lines)
        output = "".join(lines)
        assert " ready." in output  # the worker's banner came before
        assert f"Starting development server at http://127.0.0.1:{port}/" in output

        os.killpg(pgid, signal.SIGINT)
        started = time.monotonic()
        while group_members(pgid) and time.monotonic() - started < 10:
            time.sleep(0.2)
        stopped_after = time.monotonic() - started
        assert not group_members(pgid), f"still running 10 s after Ctrl-C: {group_members(pgid)}"
        print(f"everything stopped {stopped_after:.1f} s after Ctrl-C")
    finally:
        if group_members(pgid):
            os.killpg(pgid, signal.SIGKILL)
        run.wait(timeout=10)
