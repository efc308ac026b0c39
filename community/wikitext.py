"""A learning pattern as wikitext, ready to paste into a new learning-pattern page on Meta-Wiki.

Each part of the pattern is a ``== … ==`` section, the endorsements a bulleted list. Every text is
escaped by the same helper as the plan export (:mod:`oeplanner.wikitext`), so it shows as typed.
"""

from django.utils import formats
from django.utils.translation import gettext as _

from oeplanner.wikitext import escape, escape_line


def sections(pattern):
    """(heading, text) of each part of the pattern, in the order of the page."""
    return [
        (_("What problem does this solve?"), pattern.problem),
        (_("What is the solution?"), pattern.solution),
        (_("Things to consider"), pattern.considerations),
        (_("When to use"), pattern.when_to_use),
        (_("How to measure it"), pattern.measure),
    ]


def byline(pattern):
    return _("Written by %(author)s (%(org)s) on %(date)s. Area: %(area)s.") % {
        "author": pattern.author or _("a former member"),
        "org": pattern.organization,
        "date": formats.date_format(pattern.created_at, "Y-m-d"),
        "area": pattern.area_label(),
    }


def endorsement_line(endorsement):
    if endorsement.comment:
        return f"{endorsement.user}: {endorsement.comment}"
    return str(endorsement.user)


def to_wikitext(pattern, endorsements):
    lines = [escape_line(byline(pattern)), ""]
    for heading, text in sections(pattern):
        lines += [f"== {escape(heading)} ==", escape_line(text), ""]
    lines.append(f"== {escape(_('Endorsements'))} ==")
    lines += [f"* {escape(endorsement_line(e))}" for e in endorsements]
    return "\n".join(lines) + "\n"
