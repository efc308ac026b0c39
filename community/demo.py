"""A handful of community entries from both demo organizations, so the shared spaces are not empty."""

from django.db import transaction

from . import services
from .models import Challenge, Expertise, LearningPattern, Resource


def _members(org):
    return {m.user.username: m.user for m in org.memberships.select_related("user")}


@transaction.atomic
def seed_demo(demo, other):
    if Expertise.objects.filter(organization__in=[demo, other]).exists():
        return
    d, o = _members(demo), _members(other)
    Expertise.objects.create(
        organization=demo,
        areas=",glam,education,building,",
        description=(
            "We have run monthly edit-a-thons with two regional museums since 2021 and a "
            "Wikipedia assignment with a university history department. We can share our "
            "partner agreement template and the checklist we use before a first meeting."
        ),
        contact_member=d["demo-staff"],
        languages="English, French",
        region="Western Europe",
    )
    Expertise.objects.create(
        organization=other,
        areas=",stem,movement,selecting,evaluating,",
        description=(
            "Our chapter works with science museums and a national research institute on open data. "
            "We score candidate partners before the first call and review every partnership after a year."
        ),
        contact_email="partnerships@other.example.org",
        languages="Portuguese, Spanish, English",
        region="South America",
    )

    summary = LearningPattern.objects.create(
        organization=demo,
        author=d["demo-admin"],
        title="Send a one-page summary after every partner meeting",
        problem="After a good meeting, both sides remember different promises and nothing happens for weeks.",
        solution=(
            "Within two days, e-mail a single page: what was agreed, who does what, by when, "
            "and the date of the next contact. Ask the partner to correct it."
        ),
        considerations="Keep it short; a long report is not read. Store it with the interaction in the CRM.",
        when_to_use="After any meeting where a next step was mentioned, even informally.",
        measure="Share of meetings followed by a summary; share of agreed next steps done on time.",
        area="building",
    )
    scoring = LearningPattern.objects.create(
        organization=other,
        author=o["other-admin"],
        title="Score candidate partners before the first call",
        problem="We spent months on institutions that could never release content under a free licence.",
        solution=(
            "Rate each candidate on three questions: can they share content openly, do they have a "
            "person with time for us, and does the collaboration fit our strategy. Call the best first."
        ),
        considerations="A low score is not a no forever; write down why, and look again in a year.",
        when_to_use="When the list of possible partners is longer than the time you have.",
        measure="Partnerships that reach an agreement, out of those started.",
        area="selecting",
    )
    services.endorse(summary, o["other-admin"], "We started doing this with our science museums.")
    services.endorse(summary, d["demo-volunteer"])
    services.endorse(scoring, d["demo-admin"], "Saved us a lot of time this year.")

    checklist = Resource.objects.create(
        organization=demo,
        added_by=d["demo-staff"],
        title="First-meeting checklist with a museum",
        url="https://example.org/museum-first-meeting-checklist",
        description="The questions we go through before and during a first meeting with a museum.",
        area="glam",
        language="English",
    )
    Resource.objects.create(
        organization=other,
        added_by=o["other-admin"],
        title="Open data agreements with research institutes",
        url="https://example.org/open-data-agreements",
        description="Notes on the licence questions a research institute usually asks.",
        area="stem",
        language="Portuguese",
    )

    quiet = Challenge.objects.create(
        organization=demo,
        posted_by=d["demo-admin"],
        title="Museums go quiet after the first event",
        description=(
            "Our first edit-a-thons go well, but afterwards the museum staff stop answering. "
            "How do you keep a partnership going once the first event is over?"
        ),
        area="deepening",
    )
    quiet.helpful_patterns.add(summary)
    quiet.helpful_resources.add(checklist)
    Challenge.objects.create(
        organization=other,
        posted_by=o["other-admin"],
        title="Measuring what a partnership brought after it ended",
        description="We know what was uploaded during the project, but not what was used a year later.",
        area="evaluating",
        status=Challenge.Status.ADDRESSING,
    )
    services.offer_help(
        quiet,
        organization=other,
        author=o["other-admin"],
        message="We had the same with a science museum; a short call every month fixed it. Happy to talk.",
    )
