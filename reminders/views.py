from datetime import timedelta
from pathlib import Path

from celery import current_app
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import connection
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from icalendar import Calendar, Event

from oeplanner.emails import language_of
from oeplanner.models import Role
from oeplanner.pagination import paginate
from oeplanner.tenancy import org_view
from partners.models import FollowUp
from partnerships import services as partnership_services

from . import emails, services
from .forms import ReminderPreferenceForm, ReminderSettingsForm
from .models import Reminder, ReminderPreference, ReminderSettings

PAGE_SIZE = 50
FAILED_DIGESTS_SHOWN = 20
HEALTH_TIMEOUT_SECONDS = 3


# Organization admins -------------------------------------------------------------------------


@org_view(role=Role.ADMIN)
def reminder_list(request):
    """Recent reminders of the organization with their outcome: what went out, what failed."""
    reminders = request.org.reminders.select_related(
        "recipient", "follow_up", "partner", "step", "milestone", "notification"
    ).order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status not in Reminder.Status.values:
        status = ""
    if status:
        reminders = reminders.filter(status=status)
    counts = dict(request.org.reminders.values_list("status").annotate(n=Count("pk")).order_by())
    failed_digests = (
        Reminder.objects.for_org(request.org)
        .filter(kind=Reminder.Kind.DIGEST, status=Reminder.Status.FAILED)
        .select_related("recipient")
        .annotate(org_items=Count("items", filter=Q(items__organization=request.org)))
        .order_by("-occasion", "-pk")[:FAILED_DIGESTS_SHOWN]
    )
    context = {
        "page": paginate(request, reminders, PAGE_SIZE),
        "status": status,
        "statuses": [(value, label, counts.get(value, 0)) for value, label in Reminder.Status.choices],
        "failed_digests": failed_digests,
        "health": services.scheduler_health(),
    }
    return render(request, "reminders/reminder_list.html", context)


@org_view(role=Role.ADMIN)
def reminder_settings(request):
    try:
        instance = request.org.reminder_settings
    except ReminderSettings.DoesNotExist:
        instance = ReminderSettings(organization=request.org)
    form = ReminderSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The reminder settings were saved."))
        return redirect("reminder_settings", org_slug=request.org.slug)
    return render(request, "reminders/reminder_settings.html", {"form": form})


@org_view(role=Role.ADMIN)
@require_POST
def reminder_retry(request, reminder_pk):
    reminder = get_object_or_404(Reminder.objects.for_org(request.org), pk=reminder_pk)
    if services.retry(reminder):
        messages.success(request, _("The reminder will be sent again within a few minutes."))
    else:
        messages.info(request, _("Only a failed reminder can be sent again."))
    return redirect("reminder_list", org_slug=request.org.slug)


# The member's own pages ----------------------------------------------------------------------


@login_required
def notification_list(request):
    notifications = request.user.notifications.select_related(
        "organization", "partner", "follow_up", "step__plan", "milestone__partnership", "reminder"
    ).order_by("-created_at", "-pk")
    failed_digests = request.user.reminders.filter(kind=Reminder.Kind.DIGEST, status=Reminder.Status.FAILED)
    context = {
        "page": paginate(request, notifications),
        "today": timezone.localdate(),
        "failed_digests": failed_digests.order_by("-occasion")[:FAILED_DIGESTS_SHOWN],
    }
    return render(request, "reminders/notification_list.html", context)


@login_required
@require_POST
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notification_list")


@login_required
def preferences(request):
    preference = ReminderPreference.for_user(request.user)
    form = ReminderPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("reminder_preferences")
    context = {
        "form": form,
        "calendar_url": request.build_absolute_uri(reverse("calendar_feed", args=[preference.calendar_token])),
    }
    return render(request, "reminders/preferences.html", context)


@login_required
@require_POST
def calendar_regenerate(request):
    ReminderPreference.for_user(request.user).regenerate_calendar_token()
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect(reverse("reminder_preferences") + "#calendar")


# Token-authenticated pages -------------------------------------------------------------------


def calendar_feed(request, token):
    preference = get_object_or_404(ReminderPreference.objects.select_related("user"), calendar_token=token)
    user = preference.user
    follow_ups = (
        FollowUp.objects.open()
        .filter(
            assignee=user, organization__memberships__user=user, due_on__gte=timezone.localdate() - timedelta(days=365)
        )
        .select_related("partner__organization")
        .order_by("due_on", "pk")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//OE Planner//Follow-ups//EN")
    calendar.add("version", "2.0")
    with translation.override(language_of(user)):
        calendar.add("x-wr-calname", _("OE Planner: my follow-ups"))
    stamp = timezone.now()
    for follow_up in follow_ups:
        event = Event()
        event.add("uid", f"follow-up-{follow_up.pk}@oeplanner")
        event.add("dtstamp", stamp)
        event.add("dtstart", follow_up.due_on)
        event.add("dtend", follow_up.due_on + timedelta(days=1))
        event.add("summary", f"{follow_up.title} — {follow_up.partner.name}")
        event.add("url", emails.absolute(follow_up.partner.get_absolute_url()))
        event.add("description", follow_up.partner.organization.name)
        calendar.add_component(event)
    for milestone in partnership_services.calendar_milestones(user, timezone.localdate() - timedelta(days=365)):
        partnership = milestone.partnership
        event = Event()
        event.add("uid", f"milestone-{milestone.pk}@oeplanner")
        event.add("dtstamp", stamp)
        event.add("dtstart", milestone.due_on)
        event.add("dtend", milestone.due_on + timedelta(days=1))
        event.add("summary", f"{milestone.title} — {partnership.name}")
        event.add("url", emails.absolute(f"{partnership.get_absolute_url()}#milestones"))
        event.add("description", partnership.organization.name)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_http_methods(["GET", "POST"])
def reminder_done(request, token):
    """The one-click link of a reminder e-mail, usable once. GET asks, POST does: mail scanners
    that open links must not tick follow-ups off."""
    try:
        reminder_pk = emails.read_done_token(token)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404("This link is not valid or has expired.") from None
    # Still the assignee, still a member: a link forwarded or kept after a change does nothing.
    reminder = get_object_or_404(
        Reminder.objects.select_related("follow_up__partner__organization", "follow_up__assignee"),
        pk=reminder_pk,
        follow_up__assignee_id=F("recipient_id"),
        follow_up__organization__memberships__user_id=F("recipient_id"),
    )
    used = reminder.done_link_used_at is not None
    done_now = request.method == "POST" and not used and services.use_done_link(reminder)
    context = {"follow_up": reminder.follow_up, "done_now": done_now, "used": used}
    return render(request, "reminders/done.html", context, status=410 if used else 200)


# For monitoring ------------------------------------------------------------------------------


@never_cache
def healthz(request):
    """For a monitor to poll: the database, the broker and the reminder scheduler, as JSON.
    200 when all are well, 503 otherwise. Nothing about any organization is in it."""
    checks = {"database": _check(_database_answers), "broker": _check(_broker_answers)}
    sweep = {"ok": False, "last_finished_at": None, "seconds_ago": None, "limit_seconds": None}
    if checks["database"]["ok"]:
        health = services.scheduler_health()
        sweep.update(ok=not health.stalled, limit_seconds=health.limit.total_seconds())
        if health.last_sweep:
            sweep.update(
                last_finished_at=health.last_sweep.finished_at.isoformat(),
                seconds_ago=round((health.now - health.last_sweep.finished_at).total_seconds()),
            )
    checks["last_sweep"] = sweep
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503)


def _check(probe):
    try:
        probe()
    except Exception as error:  # noqa: BLE001 — any failure means unhealthy; only its kind is told
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker_answers():
    with current_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=HEALTH_TIMEOUT_SECONDS)
        if broker.transport_cls == "filesystem":
            folder = Path(broker.transport_options["data_folder_in"])
            if not folder.is_dir():
                raise FileNotFoundError(folder)
