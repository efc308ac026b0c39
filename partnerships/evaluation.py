"""The arithmetic of the evaluation view: pace against a target and outcome per hour.

Pure functions of numbers and dates, so that each figure can be checked by hand.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Outcomes are shown per this many hours of effort ("articles per 10 hours").
PER_HOURS = 10
TWO_PLACES = Decimal("0.01")


class PaceState(models.TextChoices):
    REACHED = "reached", _("Reached")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    MISSED = "missed", _("Missed")


@dataclass(frozen=True)
class Pace:
    state: str
    expected: Decimal  # what should have been achieved by today, rounded to two places
    percent: int  # achieved as a share of the target, in whole percent (may pass 100)

    @property
    def bar_percent(self):
        return min(self.percent, 100)

    @property
    def label(self):
        return PaceState(self.state).label


def pace(*, target: int, achieved: int, starts_on: date, due_on: date, today: date) -> Pace:
    """Compare what was achieved with a straight line from 0 on ``starts_on`` to ``target`` on ``due_on``.

    Reached once the target is met; missed once the due date has come without it; otherwise on track
    when at or above the line, behind when under it. Before the start nothing is expected yet.
    """
    percent = achieved * 100 // target if target else 100
    if achieved >= target:
        return Pace(PaceState.REACHED, two_places(target), percent)
    if today >= due_on:
        return Pace(PaceState.MISSED, two_places(target), percent)
    span = (due_on - starts_on).days
    elapsed = min(max((today - starts_on).days, 0), span)
    expected = Decimal(target) * elapsed / span if span > 0 else Decimal(0)
    state = PaceState.ON_TRACK if achieved >= expected else PaceState.BEHIND
    return Pace(state, two_places(expected), percent)


def per_hours(value, hours, per=PER_HOURS):
    """``value`` per ``per`` hours of effort (two places), or None when no hour was logged."""
    hours = Decimal(hours or 0)
    if hours <= 0:
        return None
    return two_places(Decimal(value) * per / hours)


def two_places(value):
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
