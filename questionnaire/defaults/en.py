"""The built-in statements and recommendations in English (see the package's docstring)."""

# (area, statement)
STATEMENTS = [
    (
        "selecting",
        "We know which institutions around us — galleries, libraries, archives, museums, schools, "
        "universities, science bodies, Wikimedia and open-knowledge groups — could help us reach our goals.",
    ),
    (
        "selecting",
        "Our partners come from more than one sector: cultural heritage, education, science and "
        "technology, or the free-knowledge movement.",
    ),
    (
        "selecting",
        "Before we approach an institution, we check that we have the people and time to keep our promises.",
    ),
    ("selecting", "We pick the partnerships to pursue by weighing what they can bring soon and in a few years."),
    ("selecting", "Our volunteers' own contacts feed our list of possible partners."),
    (
        "building",
        "Everyone who deals with partners can look up our past conversations with them in one shared place.",
    ),
    (
        "building",
        "We can tell a partner, in their own terms, what they gain from working with Wikimedia projects "
        "and what we will ask of them.",
    ),
    (
        "building",
        "After each meeting, the partner and we both know the next step, when it is due and whom to call.",
    ),
    (
        "building",
        "We follow an agreed way of working with partners at each stage, and the people involved know it.",
    ),
    ("deepening", "Each partnership has one person on our side who keeps in regular touch with the partner."),
    ("deepening", "We use associations and networks of institutions to reach several partners with one approach."),
    (
        "deepening",
        "When a project ends, our partners know how to keep contributing to Wikimedia projects without us.",
    ),
    (
        "evaluating",
        "Before a project starts, we agree with the partner on measurable targets: articles, files, participants.",
    ),
    ("evaluating", "We regularly set the time and money a partnership costs against what it gives back."),
]

# (key, area, text)
RECOMMENDATIONS = [
    (
        "right-size-partner",
        "selecting",
        "Work out what kind and size of partner a project really needs, and whether we can cope with a "
        "large institution or would do better with a small one.",
    ),
    (
        "map-institutions",
        "selecting",
        "Keep a list of the institutions in our region or theme that relate to our mission, with a way to reach each.",
    ),
    ("ask-volunteers", "selecting", "Ask our volunteers whom they know: their personal links often open doors."),
    (
        "rank-opportunities",
        "selecting",
        "When more institutions want to work with us than we can serve, rank them by the results we "
        "expect soon and later, and take on the best.",
    ),
    (
        "deliver-or-decline",
        "selecting",
        "Turn down an attractive offer we cannot staff: a partnership that fails costs us standing with "
        "every other partner.",
    ),
    (
        "rivals-to-allies",
        "selecting",
        "Look at groups competing with us for the same funds or attention, and ask whether working "
        "together would serve both.",
    ),
    (
        "log-every-contact",
        "building",
        "Note every exchange with a partner, at events and elsewhere, in one shared place that the whole "
        "team can read.",
    ),
    (
        "contact-without-ask",
        "building",
        "Mix requests with contact that asks for nothing: some relationships need time before any proposal.",
    ),
    (
        "partner-viewpoint",
        "building",
        "Present the collaboration from the partner's side — what they gain — and, as talks go on, say "
        "plainly what they will be responsible for.",
    ),
    (
        "start-with-users",
        "building",
        "Start with institutions that already rely on Wikimedia content, such as universities and "
        "schools, and spell out what each side gives and receives.",
    ),
    (
        "dated-next-step",
        "building",
        "Close every meeting with a dated next step and the name of the person on our side to contact.",
    ),
    (
        "stage-protocol",
        "building",
        "Write down how we approach and follow up partners at each stage, and make sure everyone involved knows it.",
    ),
    (
        "one-owner",
        "deepening",
        "Give each partnership one owner, volunteer or staff, who keeps contact steady and regular.",
    ),
    (
        "meet-the-community",
        "deepening",
        "Introduce partners to several of our volunteers and contributors so they see the breadth of our work.",
    ),
    (
        "use-networks",
        "deepening",
        "Work through associations and consortia of institutions to reach many partners with one approach.",
    ),
    (
        "plan-the-afterlife",
        "deepening",
        "Plan from the start how the partner can keep contributing once the formal project is over.",
    ),
    (
        "share-long-term-gains",
        "deepening",
        "Record and share long-term gains, including early signs of progress that outcome figures do not show yet.",
    ),
    (
        "weigh-effort",
        "evaluating",
        "Review regularly what a partnership costs in time and money and what it returns, against "
        "milestones on a timeline.",
    ),
    (
        "agree-targets",
        "evaluating",
        "Agree targets for content and participation with the partner before the work begins, and measure "
        "progress against them together.",
    ),
]
