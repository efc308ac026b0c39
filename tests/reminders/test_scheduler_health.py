"""The scheduler's health: each sweep is recorded, admins see when the last one ran and a warning
when none ran for twice the interval, and /healthz/ tells a monitor the same in JSON."""

import json
import socket
from datetime import timedelta

import pytest
from celery import current_app
from django.urls import reverse
from django.utils import timezone

from reminders import services
from reminders.models import Sweep
from tests.factories import FollowUpFactory, PartnerFactory

from .conftest import at, sweep_at


def sweep_minutes_ago(minutes):
    moment = timezone.now() - timedelta(minutes=minutes)
    return services.sweep(clock=lambda: moment)


def reminders_page(client_for, admin, org):
    return client_for(admin).get(reverse("reminder_list", kwargs={"org_slug": org.slug}))


def test_each_sweep_is_recorded_with_its_times_and_counts(org, volunteer):
    FollowUpFactory(partner=PartnerFactory(organization=org), assignee=volunteer, due_on=at("2026-03-20 00:00").date())

    sweep_at(at("2026-03-20 09:00"))

    (sweep,) = Sweep.objects.all()
    assert sweep.started_at == sweep.finished_at == at("2026-03-20 09:00")
    assert (sweep.planned, sweep.sent, sweep.failed, sweep.skipped, sweep.retrying) == (1, 1, 0, 0, 0)


def test_admins_see_when_the_last_sweep_ran(client_for, admin, org, settings):
    settings.REMINDER_SWEEP_SECONDS = 300
    sweep_minutes_ago(3)
    page = reminders_page(client_for, admin, org)
    assert "Last sweep 3\xa0minutes ago." in page.text
    assert "Reminders are not going out." not in page.text


def test_admins_are_warned_when_no_sweep_ran_for_twice_the_interval(client_for, admin, org, settings):
    settings.REMINDER_SWEEP_SECONDS = 300
    sweep_minutes_ago(11)
    page = reminders_page(client_for, admin, org)
    assert "Reminders are not going out." in page.text
    assert "The last reminder sweep finished 11\xa0minutes ago" in page.text
    assert "check that Celery beat and a worker are running" in page.text


def test_admins_are_warned_when_no_sweep_ever_ran(client_for, admin, org):
    page = reminders_page(client_for, admin, org)
    assert "Reminders are not going out." in page.text and "No reminder sweep has run yet." in page.text


def test_a_sweep_that_never_finished_does_not_count_as_one_that_ran(client_for, admin, org, settings):
    settings.REMINDER_SWEEP_SECONDS = 300
    sweep_minutes_ago(30)
    Sweep.objects.create(started_at=timezone.now() - timedelta(minutes=1))  # its worker was killed
    assert "Reminders are not going out." in reminders_page(client_for, admin, org).text


def healthz(client):
    response = client.get(reverse("healthz"))
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_the_broker_and_the_scheduler_are_well(client, org, admin):
    sweep_minutes_ago(2)
    status, body = healthz(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True} and body["broker"] == {"ok": True}
    assert body["last_sweep"]["ok"] is True and 110 <= body["last_sweep"]["seconds_ago"] <= 130


def test_healthz_tells_nothing_about_any_organization(client, org, admin):
    sweep_minutes_ago(2)
    response = client.get(reverse("healthz"))
    assert set(json.loads(response.content)) == {"status", "database", "broker", "last_sweep"}
    for secret in (org.name, org.slug, admin.username, admin.email):
        assert secret not in response.text


@pytest.mark.django_db
def test_healthz_answers_503_when_the_scheduler_stalled(client, settings):
    settings.REMINDER_SWEEP_SECONDS = 300
    sweep_minutes_ago(11)
    status, body = healthz(client)
    assert status == 503
    assert body["status"] == "failing" and body["last_sweep"]["ok"] is False
    assert body["broker"] == {"ok": True}


@pytest.mark.django_db
def test_healthz_answers_503_when_no_sweep_ever_ran(client, settings):
    settings.REMINDER_SWEEP_SECONDS = 300
    status, body = healthz(client)
    assert status == 503 and body["last_sweep"] == {
        "ok": False,
        "last_finished_at": None,
        "seconds_ago": None,
        "limit_seconds": 2 * 300.0,
    }


@pytest.fixture
def broker_down():
    """The broker address points at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = current_app.conf.broker_url
    current_app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    yield
    current_app.conf.broker_url = before


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_does_not_answer(client, broker_down):
    sweep_minutes_ago(1)
    status, body = healthz(client)
    assert status == 503
    assert body["broker"]["ok"] is False and body["database"] == {"ok": True}
