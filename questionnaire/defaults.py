"""The statements and recommendations every organization starts with, written for this app.

Kept as plain data so that the migration giving existing organizations their copy
and ``services.create_default_items`` read the same list.
"""

from django.utils.translation import gettext_noop as _

# (area, statement)
DEFAULT_ITEMS = [
    (
        "selecting",
        _(
            "We know which institutions around us — galleries, libraries, archives, museums, schools, "
            "universities, science bodies, Wikimedia and open-knowledge groups — could help us reach our "
            "goals."
        ),
    ),
    (
        "selecting",
        _(
            "Our partners come from more than one sector: cultural heritage, education, science and "
            "technology, or the free-knowledge movement."
        ),
    ),
    (
        "selecting",
        _("Before we approach an institution, we check that we have the people and time to keep our promises."),
    ),
    ("selecting", _("We pick the partnerships to pursue by weighing what they can bring soon and in a few years.")),
    ("selecting", _("Our volunteers' own contacts feed our list of possible partners.")),
    (
        "building",
        _("Everyone who deals with partners can look up our past conversations with them in one shared place."),
    ),
    (
        "building",
        _(
            "We can tell a partner, in their own terms, what they gain from working with Wikimedia projects "
            "and what we will ask of them."
        ),
    ),
    ("building", _("After each meeting, the partner and we both know the next step, when it is due and whom to call.")),
    ("building", _("We follow an agreed way of working with partners at each stage, and the people involved know it.")),
    ("deepening", _("Each partnership has one person on our side who keeps in regular touch with the partner.")),
    ("deepening", _("We use associations and networks of institutions to reach several partners with one approach.")),
    (
        "deepening",
        _("When a project ends, our partners know how to keep contributing to Wikimedia projects without us."),
    ),
    (
        "evaluating",
        _("Before a project starts, we agree with the partner on measurable targets: articles, files, participants."),
    ),
    ("evaluating", _("We regularly set the time and money a partnership costs against what it gives back.")),
]

# (key, area, text). The key stays when the wording changes, so that plans can point at it.
DEFAULT_RECOMMENDATIONS = [
    (
        "right-size-partner",
        "selecting",
        _(
            "Work out what kind and size of partner a project really needs, and whether we can cope with a "
            "large institution or would do better with a small one."
        ),
    ),
    (
        "map-institutions",
        "selecting",
        _(
            "Keep a list of the institutions in our region or theme that relate to our mission, with a way to"
            " reach each."
        ),
    ),
    ("ask-volunteers", "selecting", _("Ask our volunteers whom they know: their personal links often open doors.")),
    (
        "rank-opportunities",
        "selecting",
        _(
            "When more institutions want to work with us than we can serve, rank them by the results we "
            "expect soon and later, and take on the best."
        ),
    ),
    (
        "deliver-or-decline",
        "selecting",
        _(
            "Turn down an attractive offer we cannot staff: a partnership that fails costs us standing with "
            "every other partner."
        ),
    ),
    (
        "rivals-to-allies",
        "selecting",
        _(
            "Look at groups competing with us for the same funds or attention, and ask whether working "
            "together would serve both."
        ),
    ),
    (
        "log-every-contact",
        "building",
        _(
            "Note every exchange with a partner, at events and elsewhere, in one shared place that the whole "
            "team can read."
        ),
    ),
    (
        "contact-without-ask",
        "building",
        _("Mix requests with contact that asks for nothing: some relationships need time before any proposal."),
    ),
    (
        "partner-viewpoint",
        "building",
        _(
            "Present the collaboration from the partner's side — what they gain — and, as talks go on, say "
            "plainly what they will be responsible for."
        ),
    ),
    (
        "start-with-users",
        "building",
        _(
            "Start with institutions that already rely on Wikimedia content, such as universities and "
            "schools, and spell out what each side gives and receives."
        ),
    ),
    (
        "dated-next-step",
        "building",
        _("Close every meeting with a dated next step and the name of the person on our side to contact."),
    ),
    (
        "stage-protocol",
        "building",
        _("Write down how we approach and follow up partners at each stage, and make sure everyone involved knows it."),
    ),
    (
        "one-owner",
        "deepening",
        _("Give each partnership one owner, volunteer or staff, who keeps contact steady and regular."),
    ),
    (
        "meet-the-community",
        "deepening",
        _("Introduce partners to several of our volunteers and contributors so they see the breadth of our work."),
    ),
    (
        "use-networks",
        "deepening",
        _("Work through associations and consortia of institutions to reach many partners with one approach."),
    ),
    (
        "plan-the-afterlife",
        "deepening",
        _("Plan from the start how the partner can keep contributing once the formal project is over."),
    ),
    (
        "share-long-term-gains",
        "deepening",
        _("Record and share long-term gains, including early signs of progress that outcome figures do not show yet."),
    ),
    (
        "weigh-effort",
        "evaluating",
        _(
            "Review regularly what a partnership costs in time and money and what it returns, against "
            "milestones on a timeline."
        ),
    ),
    (
        "agree-targets",
        "evaluating",
        _(
            "Agree targets for content and participation with the partner before the work begins, and measure"
            " progress against them together."
        ),
    ),
]
