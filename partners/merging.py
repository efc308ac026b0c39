"""Merging one partner into another of the same organization, undoing a merge, and finding candidates.

Every row that points to a partner moves to the survivor. The rows are found through Django's relations
to ``Partner``, so that an app added later (partnerships…) has its rows moved without this module naming it.
History rows stay with the partner they describe, and so do the records of imports and merges.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from . import matching
from .models import ImportedUpdate, Partner, PartnerMerge, StageChange, normalize_name
from .services import unfinished_protocol_steps

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
    left_unticked = unfinished_protocol_steps(survivor) if "stage" in fields and merged.stage_id != old_stage.pk else []
    for name in fields:
        setattr(survivor, Partner._meta.get_field(name).attname, choice_value(merged, name))
    stage_change = None
    if survivor.stage_id != old_stage.pk:
        stage_change = StageChange.objects.create(
            partner=survivor,
            from_stage=old_stage,
            to_stage=survivor.stage,
            changed_by=by,
            unfinished_protocol_steps="\n".join(protocol_step.text for protocol_step in left_unticked),
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


# Possible duplicates: the organization's current partners by the rules of partners/matching.py, the import's.
GROUP_SHOWN = 10  # partners shown per group: a name shared by 140 partners is read as a number, not 139 pairs


@dataclass
class DuplicateGroup:
    first: Partner  # the oldest partner of the group
    matches: list  # [(partner, reason)]: the first GROUP_SHOWN - 1 later partners that are, or may be, the first
    size: int  # the first and every later partner that matched it

    @property
    def pairs(self):
        """The oldest partner beside each other one, with why: the merge a person would most likely make."""
        return [
            (self.first, other, matching.REASONS[reason], reason in matching.CERTAIN) for other, reason in self.matches
        ]

    @property
    def hidden(self):
        return self.size - 1 - len(self.matches)


class DuplicateGroups:
    """The groups of an organization's current partners that are, or may be, the same institution, by the shared
    matcher: each later partner joins the group of the oldest partner it matches (a certain key first). Groups with
    a certain match come first, then by their oldest partner.

    Two queries whatever the size: the match keys of every current partner (a few megabytes at 100,000 partners),
    then the partners of the page being shown."""

    def __init__(self, organization):
        self.partners = Partner.objects.for_org(organization).active()
        self._groups = None

    def _all(self):
        if self._groups is None:
            index, groups = matching.Index(), {}
            rows = self.partners.order_by("pk").values_list(
                "pk", "wikidata_qid", "website_key", "normalized_name", "country", "city"
            )
            for pk, qid, site, name, country, city in rows.iterator(chunk_size=5000):
                identity = matching.Identity(qid=qid, site=site, name=name, country=country, city=normalize_name(city))
                found = index.same(identity) or index.first_possible(identity)
                if found:
                    groups.setdefault(found[0], []).append((pk, found[1]))
                index.add(identity, pk)
            self._groups = sorted(
                groups.items(), key=lambda item: (not any(r in matching.CERTAIN for _pk, r in item[1]), item[0])
            )
        return self._groups

    def count(self):
        return len(self._all())

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        groups = self._all()[page]
        shown = {pk for first, later in groups for pk in [first, *(p for p, _r in later[: GROUP_SHOWN - 1])]}
        partners = self.partners.only("name", "city", "country").in_bulk(shown)
        return [
            DuplicateGroup(
                partners[first], [(partners[pk], reason) for pk, reason in later[: GROUP_SHOWN - 1]], 1 + len(later)
            )
            for first, later in groups
        ]
