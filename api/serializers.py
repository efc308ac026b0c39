"""What the API answers. What it accepts is checked by the web app's own forms (api/views/base.py ``FormWrite``): each
serializer lists its form's fields, and describes them in the OpenAPI description."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from capacityplans.forms import PlanForm, StepForm
from capacityplans.models import Plan, Step
from partners.forms import ContactForm, FollowUpForm, InteractionForm, NetworkForm, PartnerForm
from partners.models import Contact, FollowUp, Interaction, Network, Partner, ProtocolStep, Stage, Tag
from partnerships.forms import EffortForm, MilestoneForm, OutcomeForm, PartnershipForm, TargetForm
from partnerships.models import EffortEntry, Milestone, Outcome, Partnership, Target
from questionnaire.forms import RoundForm
from questionnaire.models import Round, RoundStatement, Statement, local_today


class TagNamesField(serializers.ListField):
    child = serializers.CharField(max_length=60)

    def to_representation(self, tags):
        return [tag.name for tag in tags.all()]


class PartnerSerializer(serializers.ModelSerializer):
    country = CountryField(required=False, allow_blank=True)
    tags = TagNamesField(required=False, help_text=_("Tag names; new names become tags."))
    networks = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Network.objects.none())
    stage = serializers.PrimaryKeyRelatedField(queryset=Stage.objects.none())
    is_archived = serializers.BooleanField(read_only=True)

    class Meta:
        model = Partner
        fields = [
            "id",
            *PartnerForm.Meta.fields,
            "tags",
            "priority",
            "last_interaction_on",
            "is_archived",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["priority", "last_interaction_on", "archived_at", "created_at", "updated_at"]
        extra_kwargs = {"owner": {"queryset": Partner.owner.field.related_model.objects.none()}}


class DuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    reason = serializers.CharField()
    certain = serializers.BooleanField()


class DuplicateConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    duplicates = DuplicateSerializer(many=True)


class StageMoveSerializer(serializers.Serializer):
    stage = serializers.IntegerField(help_text=_("The stage to move the partner to."))


class StageChangeSerializer(serializers.Serializer):
    moved = serializers.BooleanField(help_text=_("False when the partner already was at that stage."))
    from_stage = serializers.IntegerField(allow_null=True)
    to_stage = serializers.IntegerField()
    unfinished_steps = serializers.ListField(child=serializers.CharField())


class ContactSerializer(serializers.ModelSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none())

    class Meta:
        model = Contact
        fields = ["id", "partner", *ContactForm.Meta.fields]


class FollowUpSerializer(serializers.ModelSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none())
    done = serializers.BooleanField(required=False, help_text=_("Mark it done, or open it again."))

    class Meta:
        model = FollowUp
        fields = ["id", "partner", "interaction", *FollowUpForm.Meta.fields, "done", "done_at", "created_at"]
        read_only_fields = ["interaction", "done_at", "created_at"]
        extra_kwargs = {"assignee": {"queryset": FollowUp.assignee.field.related_model.objects.none()}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["done"] = instance.is_done
        return data


class NewFollowUpSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)
    due_on = serializers.DateField()
    assignee = serializers.IntegerField()


class InteractionSerializer(serializers.ModelSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none())
    follow_up = NewFollowUpSerializer(
        write_only=True, required=False, help_text=_("A follow-up to create with the interaction, in the same call.")
    )
    follow_ups = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "partner",
            *InteractionForm.Meta.fields,
            "author",
            "follow_up",
            "follow_ups",
            "created_at",
        ]
        read_only_fields = ["author", "created_at"]
        extra_kwargs = {
            "our_participants": {"queryset": Interaction.our_participants.field.related_model.objects.none()},
            "their_participants": {"queryset": Contact.objects.none()},
        }


class NetworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Network
        fields = ["id", *NetworkForm.Meta.fields]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class ProtocolStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProtocolStep
        fields = ["id", "text", "position"]


class StageSerializer(serializers.ModelSerializer):
    steps = ProtocolStepSerializer(source="protocol_steps", many=True, read_only=True)

    class Meta:
        model = Stage
        fields = ["id", "name", "position", "cadence_days", "steps"]


class PartnershipSerializer(serializers.ModelSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none())

    class Meta:
        model = Partnership
        fields = [
            "id",
            "partner",
            *PartnershipForm.Meta.fields,
            "hours_logged",
            "money_spent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["hours_logged", "money_spent", "created_at", "updated_at"]
        extra_kwargs = {"owner": {"queryset": Partnership.owner.field.related_model.objects.none()}}


def partnership_child(model, child_fields, read_only=()):
    """A serializer of a partnership's targets, outcomes, milestones or effort entries."""

    class Meta:
        fields = ["id", "partnership", *child_fields, "created_at"]
        read_only_fields = ["created_at", *read_only]

    Meta.model = model
    attrs = {"Meta": Meta, "partnership": serializers.PrimaryKeyRelatedField(queryset=Partnership.objects.none())}
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


TargetSerializer = partnership_child(Target, TargetForm.Meta.fields)


class OutcomeSerializer(
    partnership_child(
        Outcome,
        ["target", "metric", "custom_metric", *OutcomeForm.Meta.fields, "source", "recorded_by"],
        read_only=["metric", "custom_metric", "source", "recorded_by"],
    )
):
    target = serializers.IntegerField(
        write_only=True, help_text=_("The target this outcome counts towards (it gives the metric).")
    )


MilestoneSerializer = partnership_child(Milestone, MilestoneForm.Meta.fields)
EffortSerializer = partnership_child(EffortEntry, EffortForm.Meta.fields)


class RoundStatementSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(source="statement", queryset=Statement.objects.none())  # JSON name kept

    class Meta:
        model = RoundStatement
        fields = ["item", "number", "code", "area", "text"]


class RoundSerializer(serializers.ModelSerializer):
    invited = serializers.PrimaryKeyRelatedField(many=True, queryset=Round.invited.field.related_model.objects.none())
    status = serializers.SerializerMethodField(
        help_text=_("scheduled, open or closed, on the organization's calendar.")
    )
    answered = serializers.IntegerField(read_only=True, help_text=_("Members who submitted their answers."))
    statements = RoundStatementSerializer(
        many=True, read_only=True, source="round_statements", help_text=_("The statements as this round asks them.")
    )

    class Meta:
        model = Round
        fields = ["id", *RoundForm.Meta.fields, "status", "closed_at", "answered", "statements", "created_at"]
        read_only_fields = ["closed_at", "created_at"]

    @extend_schema_field(serializers.ChoiceField(choices=Round.Status.choices))
    def get_status(self, round):
        return round.status(local_today(round.organization))


class StatementFiguresSerializer(serializers.Serializer):
    """One statement's row of the report; "don't know" is counted apart and left out of every figure."""

    number = serializers.IntegerField()
    code = serializers.CharField()
    item = serializers.IntegerField(source="statement_id")  # JSON name kept: public contract
    area = serializers.CharField(source="area_value")
    text = serializers.CharField()
    n = serializers.IntegerField(source="summary.n", help_text=_("Scores given."))
    dont_know = serializers.IntegerField(source="summary.dont_know")
    distribution = serializers.DictField(
        source="summary.distribution",
        child=serializers.IntegerField(),
        help_text=_("How many gave each score, 1 to 5."),
    )
    mean = serializers.FloatField(source="summary.mean", allow_null=True)
    std = serializers.FloatField(
        source="summary.std", allow_null=True, help_text=_("Sample standard deviation; none below two scores.")
    )
    minimum = serializers.IntegerField(source="summary.minimum", allow_null=True)
    maximum = serializers.IntegerField(source="summary.maximum", allow_null=True)
    range = serializers.IntegerField(source="summary.range", allow_null=True)
    level = serializers.ChoiceField(source="summary.level", choices=["high", "low"], allow_null=True)
    agreement = serializers.ChoiceField(source="summary.agreement", choices=["consensus", "variance"], allow_null=True)
    previous_mean = serializers.FloatField(allow_null=True, help_text=_("The mean in the previous round."))
    change = serializers.FloatField(allow_null=True)
    comments = serializers.ListField(child=serializers.CharField())


class OverallFiguresSerializer(serializers.Serializer):
    """All statements together: the mean and spread of each respondent's own average score."""

    respondents = serializers.IntegerField(help_text=_("Respondents with at least one score."))
    dont_know = serializers.IntegerField(source="answers.dont_know")
    distribution = serializers.DictField(source="answers.distribution", child=serializers.IntegerField())
    mean = serializers.FloatField(allow_null=True)
    std = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)
    range = serializers.FloatField(allow_null=True)
    level = serializers.ChoiceField(choices=["high", "low"], allow_null=True)
    agreement = serializers.ChoiceField(choices=["consensus", "variance"], allow_null=True)


class ReportSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    respondents = serializers.IntegerField()
    previous_round = serializers.IntegerField(source="previous_round.pk", allow_null=True, read_only=True)
    overall = OverallFiguresSerializer()
    overall_change = serializers.FloatField(allow_null=True, help_text=_("Since the previous round."))
    statements = StatementFiguresSerializer(many=True, source="rows")
    withheld = serializers.BooleanField(
        help_text=_(
            "True for an anonymous round with fewer respondents than QUESTIONNAIRE_ANONYMOUS_MIN_RESPONDENTS: "
            "every figure is then empty, so that nobody's answers can be told apart."
        )
    )


class PlanSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(allow_null=True, required=False, queryset=Round.objects.none())
    steps = serializers.IntegerField(source="step_count", read_only=True, help_text=_("Steps, dropped ones left out."))
    steps_done = serializers.IntegerField(source="done_count", read_only=True)
    steps_overdue = serializers.IntegerField(source="overdue_count", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            *PlanForm.Meta.fields,
            "version",
            "steps",
            "steps_done",
            "steps_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]
        extra_kwargs = {"owner": {"queryset": Plan.owner.field.related_model.objects.none()}}


class StepSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.none())
    source_item = serializers.PrimaryKeyRelatedField(  # JSON name kept
        source="source_statement",
        read_only=True,
        allow_null=True,
        label=capfirst(Step.source_statement.field.verbose_name),
    )

    class Meta:
        model = Step
        fields = ["id", "plan", "position", *StepForm.Meta.fields, "source_item", "source_recommendation"]
        read_only_fields = ["position", "source_recommendation"]
        extra_kwargs = {"responsible": {"queryset": Step.responsible.field.related_model.objects.none()}}


class StepMoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=["up", "down"], help_text=_("Swap the step with the one above or below.")
    )
