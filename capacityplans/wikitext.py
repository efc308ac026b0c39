"""A plan as a MediaWiki table, ready to paste on Meta-Wiki.

Every cell is escaped by :func:`oeplanner.wikitext.escape`: it shows exactly as typed, and
line-start markup (lists, headings, ``|-``) cannot occur since every cell sits on a line after "| ".
"""

from django.utils import formats
from django.utils.translation import gettext as _

from oeplanner.wikitext import escape


def columns():
    return [
        _("#"),
        _("What we want to achieve"),
        _("Action"),
        _("Who is responsible"),
        _("Resources needed"),
        _("Start"),
        _("End"),
        _("Indicator"),
        _("Target"),
        _("Status"),
        _("Notes"),
    ]


def step_cells(number, step):
    """The cells of one step, as plain text, in the order of :func:`columns`."""
    return [
        str(number),
        step.goal,
        step.action,
        step.responsible_label,
        step.resources,
        formats.date_format(step.starts_on, "Y-m-d") if step.starts_on else "",
        formats.date_format(step.ends_on, "Y-m-d") if step.ends_on else "",
        step.indicator,
        step.target,
        step.get_status_display(),
        step.notes,
    ]


def plan_rows(steps):
    return [step_cells(number, step) for number, step in enumerate(steps, start=1)]


def to_wikitext(plan, steps):
    lines = ['{| class="wikitable sortable"', f"|+ {escape(plan.title)}", "|-"]
    lines.append("! " + " !! ".join(escape(title) for title in columns()))
    for cells in plan_rows(steps):
        lines.append("|-")
        lines.extend(f"| {escape(cell)}" for cell in cells)
    lines.append("|}")
    return "\n".join(lines) + "\n"
