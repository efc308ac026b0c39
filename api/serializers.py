"""What the API answers. What it accepts is checked by the web app's own forms (api/views/base.py ``FormWrite``): each
serializer lists its form's fields, and describes them in the OpenAPI description."""

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from partners.forms import ContactForm, FollowUpForm, InteractionForm, NetworkForm, PartnerForm
from partners.models import Contact, FollowUp, Interaction, Network, Partner, ProtocolStep, Stage, Tag
from partnerships.forms import EffortForm, MilestoneForm, OutcomeForm, PartnershipForm, TargetForm
from partnerships.models import EffortEntry, Milestone, Outcome, Partnership, Target


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
    steps = ProtocolStepSerializer(many=True, read_only=True)

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
