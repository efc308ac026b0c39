"""A plan as a MediaWiki table, ready to paste on Meta-Wiki.

Cell text is escaped so that whatever a member typed shows as typed: wiki markup
(``|``, ``!``, ``{{``, ``[[``, ``''``, ``~~~~``, ``__TOC__``…) and HTML are turned into
character references, line breaks into ``<br />``. Nothing typed can close the
table, start a template or link, or inject HTML.
"""

from django.utils import formats
from django.utils.translation import gettext as _

# Characters that can start wiki or HTML markup anywhere in a cell.
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "!": "&#33;",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
    "'": "&#39;",
    "~": "&#126;",
    "_": "&#95;",
}
# Line-start markup (lists, headings, ``|-``) cannot occur: every cell sits on a line after "| ".
_TABLE = str.maketrans(_ESCAPES)
LINE_BREAK = "<br />"


def escape_cell(text):
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return LINE_BREAK.join(line.translate(_TABLE) for line in text.split("\n"))


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
    lines = ['{| class="wikitable sortable"', f"|+ {escape_cell(plan.title)}", "|-"]
    lines.append("! " + " !! ".join(escape_cell(title) for title in columns()))
    for cells in plan_rows(steps):
        lines.append("|-")
        lines.extend(f"| {escape_cell(cell)}" for cell in cells)
    lines.append("|}")
    return "\n".join(lines) + "\n"
