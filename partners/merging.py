"""Merging one partner into another of the same organization, undoing a merge, and finding candidates.

Every row that points to a partner moves to the survivor. The rows are found through Django's relations
to ``Partner``, so that an app added later (partnerships…) has its rows moved without this module naming it.
History rows stay with the partner they describe, and so do the records of imports and merges.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from .models import ImportedUpdate, Partner, PartnerMerge, StageChange
from .services import unfinished_steps

# The fields a person chooses between: every field a person edits, in the order of the model.
MERGE_FIELDS = tuple(
    field.name
    for field in Partner._meta.concrete_fields
    if field.editable and not field.primary_key and field.name != "organization"
)
# Rows that record what happened to one partner: an import's values before it updated that partner, a merge.
ROWS_THAT_STAY = (ImportedUpdate, PartnerMerge)
CHANGE_REASON_LENGTH = 100  # django-simple-history's column


class MergeError(Exception):
    """A merge or an undo that cannot be done; the message says why, for the person who asked."""


def moving_relations():
    """Every foreign key to Partner whose rows follow their partner into the survivor, by a stable key."""
    relations = {}
    for relation in Partner._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many or relation.one_to_one) or relation.concrete:
            continue
        model = relation.related_model
        if issubclass(model, HistoricalChanges) or issubclass(model, ROWS_THAT_STAY):
            continue
        relations[f"{model._meta.label}.{relation.field.name}"] = relation.field
    return relations


def _unique_sets(model, field):
    """(other fields, condition) of each uniqueness rule of ``model`` that includes the foreign key ``field``."""
    if field.unique:
        yield [], None
    for fields in model._meta.unique_together:
        if field.name in fields:
            yield [name for name in fields if name != field.name], None
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field.name in constraint.fields:
            yield [name for name in constraint.fields if name != field.name], constraint.condition


def _moving_rows(field, survivor, merged):
    """The merged partner's rows that can move: a row the survivor already has its twin of (the same tag, the
    same protocol step ticked…) would break a uniqueness rule, so it stays with the archived partner."""
    manager = field.model._default_manager
    rows = manager.filter(**{field.name: merged})
    for others, condition in _unique_sets(field.model, field):
        twin = manager.filter(**{field.name: survivor}, **{name: OuterRef(name) for name in others})
        clash = Q(Exists(twin.filter(condition) if condition else twin))
        rows = rows.exclude(clash & condition if condition else clash)
    return rows


def _label(field):
    """What a person calls the rows of ``field``: "tags" for Partner.tags' link rows, "contacts" for Contact."""
    model = field.model
    if model._meta.auto_created:
        for m2m in Partner._meta.many_to_many:
            if m2m.remote_field.through is model:
                return capfirst(m2m.verbose_name)
    return capfirst(model._meta.verbose_name_plural)


def moving_counts(survivor, merged):
    """[(label, count)] of the rows a merge of ``merged`` into ``survivor`` would move, in one query."""
    relations = moving_relations()
    counts = {
        key.replace(".", "__"): Subquery(
            _moving_rows(field, survivor, merged).order_by().values(field.name).annotate(n=Count("pk")).values("n")
        )
        for key, field in relations.items()
    }
    row = Partner.objects.filter(pk=merged.pk).values(**counts).get()
    return [(_label(field), row[key.replace(".", "__")] or 0) for key, field in relations.items()]


def choice_value(partner, name):
    """The value of field ``name`` as stored: an id for a foreign key."""
    return getattr(partner, Partner._meta.get_field(name).attname)


def default_sources(survivor, merged):
    """For each field, whose value the survivor keeps unless the person chooses: its own when it has one,
    else the merged partner's."""
    empty = ("", None)
    return {
        name: "merged"
        if choice_value(survivor, name) in empty and choice_value(merged, name) not in empty
        else "survivor"
        for name in MERGE_FIELDS
    }


def _before_values(partner):
    """The survivor's chosen fields as JSON-ready values, to be put back by an undo."""
    values = {}
    for name in MERGE_FIELDS:
        field = Partner._meta.get_field(name)
        value = field.value_from_object(partner)
        values[field.attname] = (
            value if value is None or isinstance(value, bool | int | str) else field.value_to_string(partner)
        )
    return values


def _restore_values(partner, values):
    for attname, value in values.items():
        field = next(f for f in Partner._meta.concrete_fields if f.attname == attname)
        setattr(partner, attname, field.to_python(value))


def _save_with_reason(partner, reason, by, **kwargs):
    partner._change_reason = reason[:CHANGE_REASON_LENGTH]
    partner._history_user = by
    partner.save(**kwargs)


def _locked_pair(survivor_pk, merged_pk):
    """Both partners, locked in the order of their ids so that two merges of the same pair cannot deadlock."""
    partners = Partner.objects.select_for_update().filter(pk__in=[survivor_pk, merged_pk]).order_by("pk")
    locked = {partner.pk: partner for partner in partners.select_related("stage")}
    return locked[survivor_pk], locked[merged_pk]


@transaction.atomic
def merge_partners(survivor, merged, *, fields, by):
    """Merge ``merged`` into ``survivor`` and return the PartnerMerge that records it.

    The survivor takes the merged partner's value of each field named in ``fields`` and keeps its own for the
    others; every row pointing to the merged partner moves to the survivor; the merged partner is archived.
    """
    if survivor.organization_id != merged.organization_id:
        raise Http404("The partners belong to different organizations.")
    if survivor.pk == merged.pk:
        raise MergeError(_("A partner cannot be merged with itself."))
    unknown = set(fields) - set(MERGE_FIELDS)
    if unknown:
        raise ValueError(f"Not a field a merge chooses: {sorted(unknown)}")
    survivor, merged = _locked_pair(survivor.pk, merged.pk)
    for partner in (survivor, merged):
        if partner.is_archived:
            raise MergeError(_("%(partner)s is archived: restore it before merging.") % {"partner": partner.name})

    before = _before_values(survivor)
    moved = {}
    for key, field in moving_relations().items():
        ids = list(_moving_rows(field, survivor, merged).values_list("pk", flat=True))
        if ids:
            field.model._default_manager.filter(pk__in=ids).update(**{field.name: survivor})
            moved[key] = ids

    old_stage = survivor.stage
    left_unticked = unfinished_steps(survivor) if "stage" in fields and merged.stage_id != old_stage.pk else []
    for name in fields:
        setattr(survivor, Partner._meta.get_field(name).attname, choice_value(merged, name))
    stage_change = None
    if survivor.stage_id != old_stage.pk:
        stage_change = StageChange.objects.create(
            partner=survivor,
            from_stage=old_stage,
            to_stage=survivor.stage,
            changed_by=by,
            unfinished_steps="\n".join(step.text for step in left_unticked),
        )
    days = [day for day in (survivor.last_interaction_on, merged.last_interaction_on) if day]
    survivor.last_interaction_on = max(days, default=None)
    _save_with_reason(survivor, _("Merged with %(name)s (#%(pk)s)") % {"name": merged.name, "pk": merged.pk}, by)

    merged.archived_at = timezone.now()
    reason = _("Merged into %(name)s (#%(pk)s)") % {"name": survivor.name, "pk": survivor.pk}
    _save_with_reason(merged, reason, by, update_fields=["archived_at", "updated_at"])

    return PartnerMerge.objects.create(
        organization_id=survivor.organization_id,
        survivor=survivor,
        merged=merged,
        merged_by=by,
        survivor_before=before,
        moved=moved,
        stage_change=stage_change,
        survivor_updated_at=survivor.updated_at,
        merged_updated_at=merged.updated_at,
    )


@transaction.atomic
def undo_merge(merge, *, by):
    """Put both partners back as they were before ``merge``, with every moved row back on the merged partner.

    Refused once either partner was saved after the merge (its ``updated_at`` moved on: an edit, a stage move,
    a newer interaction logged, an interaction edited, an archive or a restore), or once a moved row was deleted
    or moved away: an undo would then lose or scramble that later work. Rows added to the survivor since
    (a contact, a follow-up, an older interaction) stay with it.
    """
    merge = PartnerMerge.objects.select_for_update().get(pk=merge.pk)
    survivor, merged = _locked_pair(merge.survivor_id, merge.merged_id)
    merge.survivor, merge.merged = survivor, merged
    if merge.undone_at is not None:
        raise MergeError(_("This merge was already undone."))
    if not merge.is_undoable:
        changed = survivor if survivor.updated_at != merge.survivor_updated_at else merged
        raise MergeError(
            _(
                "%(partner)s was changed after the merge, so the merge can no longer be undone. Edit the partners instead."
            )
            % {"partner": changed.name}
        )
    relations = moving_relations()
    for key, ids in merge.moved.items():
        field = relations[key]
        rows = field.model._default_manager.filter(pk__in=ids, **{field.name: survivor})
        if rows.update(**{field.name: merged}) != len(ids):
            raise MergeError(
                _("Some %(what)s the merge moved were deleted or moved since, so the merge can no longer be undone.")
                % {"what": _label(field).lower()}
            )
    if merge.stage_change_id:
        merge.stage_change.delete()  # the column is set to NULL by the database
        merge.stage_change = None
    _restore_values(survivor, merge.survivor_before)
    # An interaction logged since with an older date did not save the survivor and stays with it.
    survivor.last_interaction_on = survivor.interactions.aggregate(last=Max("occurred_on"))["last"]
    _save_with_reason(survivor, _("Merge with %(name)s (#%(pk)s) undone") % {"name": merged.name, "pk": merged.pk}, by)
    merged.archived_at = None
    reason = _("Merge into %(name)s (#%(pk)s) undone") % {"name": survivor.name, "pk": survivor.pk}
    _save_with_reason(merged, reason, by, update_fields=["archived_at", "updated_at"])
    merge.undone_at, merge.undone_by = timezone.now(), by
    merge.save(update_fields=["undone_at", "undone_by", "stage_change"])
    return merge


# Possible duplicates: partners sharing a Wikidata item, a website (host and path), or a name in one country.
RULE_QID, RULE_WEBSITE, RULE_NAME = 1, 2, 3
GROUP_SHOWN = 10  # partners shown per group: a name shared by 140 partners is read as a number, not 139 pairs


@dataclass
class DuplicateGroup:
    rule: int
    key: tuple
    size: int
    partners: list  # the first GROUP_SHOWN of the group, oldest first

    @property
    def pairs(self):
        """The oldest partner beside each other one: the merge a person would most likely make."""
        first = self.partners[0]
        return [(first, other) for other in self.partners[1:]]

    @property
    def hidden(self):
        return self.size - len(self.partners)

    @property
    def reason(self):
        if self.rule == RULE_QID:
            return _("Same Wikidata item %(qid)s") % {"qid": self.key[0]}
        if self.rule == RULE_WEBSITE:
            return _("Same website %(site)s") % {"site": self.key[0]}
        country = self.partners[0].country
        if country:
            return _("Same name in %(country)s") % {"country": country.name}
        return _("Same name, no country given")


class DuplicateGroups:
    """The groups of an organization's current partners that may be the same institution, strongest evidence
    first, read one page at a time: ``count()`` is one query and a slice two, whatever the number of partners.

    The one place that decides what a possible duplicate is: swap the rules here and the page follows.
    """

    def __init__(self, organization):
        self.partners = Partner.objects.for_org(organization).active()
        rules = [
            (RULE_QID, self.partners.exclude(wikidata_qid=""), {"k1": F("wikidata_qid"), "k2": Value("")}),
            (RULE_WEBSITE, self.partners.exclude(website_key=""), {"k1": F("website_key"), "k2": Value("")}),
            (RULE_NAME, self.partners.exclude(normalized_name=""), {"k1": F("normalized_name"), "k2": F("country")}),
        ]
        grouped = [
            rows.order_by().values(**keys).annotate(rule=Value(rule), size=Count("pk")).filter(size__gt=1)
            for rule, rows, keys in rules
        ]
        self.groups = grouped[0].union(*grouped[1:], all=True).order_by("rule", "k1", "k2")

    def count(self):
        return self.groups.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        rows = list(self.groups[page])
        if not rows:
            return []
        keys = {
            rule: [(row["k1"], row["k2"]) for row in rows if row["rule"] == rule]
            for rule in (RULE_QID, RULE_WEBSITE, RULE_NAME)
        }
        in_page_groups = Q(wikidata_qid__in=[k1 for k1, _k2 in keys[RULE_QID]])
        in_page_groups |= Q(website_key__in=[k1 for k1, _k2 in keys[RULE_WEBSITE]])
        for name, country in keys[RULE_NAME]:
            in_page_groups |= Q(normalized_name=name, country=country)
        # Ranks are numbered within the page's groups only: every member of such a group passes this filter.
        shown = ("name", "city", "country", "wikidata_qid", "website_key", "normalized_name")
        ranked = (
            self.partners.filter(in_page_groups)
            .only(*shown)
            .annotate(
                qid_rank=_rank(F("wikidata_qid")),
                website_rank=_rank(F("website_key")),
                name_rank=_rank(F("normalized_name"), F("country")),
            )
        )
        wanted = Q(wikidata_qid__in=[k1 for k1, _k2 in keys[RULE_QID]], qid_rank__lte=GROUP_SHOWN)
        wanted |= Q(website_key__in=[k1 for k1, _k2 in keys[RULE_WEBSITE]], website_rank__lte=GROUP_SHOWN)
        for name, country in keys[RULE_NAME]:
            wanted |= Q(normalized_name=name, country=country, name_rank__lte=GROUP_SHOWN)
        members = {}
        for partner in ranked.filter(wanted).order_by("pk"):
            for rule, key, rank in (
                (RULE_QID, (partner.wikidata_qid, ""), partner.qid_rank),
                (RULE_WEBSITE, (partner.website_key, ""), partner.website_rank),
                (RULE_NAME, (partner.normalized_name, partner.country.code), partner.name_rank),
            ):
                if rank <= GROUP_SHOWN:
                    members.setdefault((rule, key), []).append(partner)
        return [
            DuplicateGroup(
                row["rule"], (row["k1"], row["k2"]), row["size"], members[row["rule"], (row["k1"], row["k2"])]
            )
            for row in rows
        ]


def _rank(*partition):
    return Window(RowNumber(), partition_by=list(partition), order_by=F("pk").asc())
