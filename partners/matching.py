"""When two partners are the same institution, and when they only may be.

One set of rules for the import (a file's rows against the organization's partners and against each other) and
for the duplicate warning of the partner form:

* **same partner**, a certain key: the same Wikidata item, or the same website (host *and* path);
* **possible duplicate**, weaker evidence that a person decides on:
  - the same name in the same country and city, where both sides have one (a blank country or city
    does not stand in the way, a different one does);
  - one website under a path of the other (``utoronto.ca`` and ``utoronto.ca/stmikes``): a college of a
    university, a museum of a city's museums; more often two institutions than one.

A name never matches across countries, and never across two different cities.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Partner, normalize_name, website_key

QID, WEBSITE, NAME, SITE_PATH = "qid", "website", "name", "site_path"
CERTAIN = frozenset({QID, WEBSITE})

REASONS = {
    QID: _("same Wikidata item"),
    WEBSITE: _("same website"),
    NAME: _("same name in the same place"),
    SITE_PATH: _("website under the same site"),
}


@dataclass(frozen=True, slots=True)
class Identity:
    """What matching looks at, already normalized."""

    qid: str = ""
    site: str = ""  # website_key(): host and path
    name: str = ""  # normalize_name()
    country: str = ""
    city: str = ""  # normalize_name() of the city

    @classmethod
    def of(cls, *, wikidata_qid="", website="", name="", country="", city=""):
        return cls(
            qid=(wikidata_qid or "").strip().upper(),
            site=website_key(website),
            name=normalize_name(name),
            country=str(country or "").upper(),
            city=normalize_name(city),
        )

    @classmethod
    def of_partner(cls, partner):
        """From a partner's stored keys: nothing is normalized again."""
        return cls(
            qid=partner.wikidata_qid,
            site=partner.website_key,
            name=partner.normalized_name,
            country=partner.country.code or "",
            city=normalize_name(partner.city),
        )

    @property
    def host(self):
        return self.site.split("/", 1)[0]


def _nested(a, b):
    """One site under a path of the other: ``x.org`` and ``x.org/a``, or ``x.org/a`` and ``x.org/a/b``."""
    shorter, longer = sorted((a, b), key=len)
    return shorter != longer and longer.startswith(shorter + "/")


def _agree(a, b, loose):
    return a == b or (loose and not (a and b))


class Index:
    """Partners (or a file's rows) by what makes them match; ``find`` applies the rules to one identity.

    ``ref`` is whatever the caller wants back: a primary key, a planned row, a partner."""

    def __init__(self):
        self.by_qid, self.by_site, self.by_name, self.by_host = {}, {}, {}, {}

    def add(self, identity, ref):
        if identity.qid:
            self.by_qid.setdefault(identity.qid, ref)
        if identity.site:
            self.by_site.setdefault(identity.site, ref)
            self.by_host.setdefault(identity.host, []).append((identity.site, ref))
        if identity.name:
            self.by_name.setdefault(identity.name, []).append((identity.country, identity.city, ref))

    def same(self, identity):
        """(ref, reason) of the partner this certainly is, or None."""
        if identity.qid and identity.qid in self.by_qid:
            return self.by_qid[identity.qid], QID
        if identity.site and identity.site in self.by_site:
            return self.by_site[identity.site], WEBSITE
        return None

    def possible(self, identity, *, loose=True):
        """[(ref, reason)] this may be, without repeats, name matches first. A name matches in the same country and
        city; with ``loose``, a blank country or city on either side does not stand in the way."""
        found, seen = [], set()
        if identity.name:
            for country, city, ref in self.by_name.get(identity.name, ()):
                same_place = _agree(country, identity.country, loose) and _agree(city, identity.city, loose)
                if same_place and id(ref) not in seen:
                    seen.add(id(ref))
                    found.append((ref, NAME))
        if identity.site:
            for site, ref in self.by_host.get(identity.host, ()):
                if _nested(site, identity.site) and id(ref) not in seen:
                    seen.add(id(ref))
                    found.append((ref, SITE_PATH))
        return found

    def first_possible(self, identity):
        """The first (ref, reason) of ``possible``, without looking further: for walking a whole registry."""
        if identity.name:
            for country, city, ref in self.by_name.get(identity.name, ()):
                if _agree(country, identity.country, True) and _agree(city, identity.city, True):
                    return ref, NAME
        if identity.site:
            for site, ref in self.by_host.get(identity.host, ()):
                if _nested(site, identity.site):
                    return ref, SITE_PATH
        return None


def find_duplicates(organization, *, name="", city="", country="", website="", wikidata_qid="", exclude_pk=None):
    """The organization's partners that are, or may be, the one described: [(partner, reason, certain)], certain
    ones first. For the partner form's warning; the import applies the same ``Index`` to every row."""
    identity = Identity.of(wikidata_qid=wikidata_qid, website=website, name=name, country=country, city=city)
    conditions = Q()
    if identity.qid:
        conditions |= Q(wikidata_qid=identity.qid)
    if identity.site:
        conditions |= Q(website_key=identity.host) | Q(website_key__startswith=identity.host + "/")
    if identity.name:
        conditions |= Q(normalized_name=identity.name)
    if not conditions:
        return []
    candidates = Partner.objects.for_org(organization).filter(conditions).select_related("stage")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    index = Index()
    for partner in candidates[:50]:
        index.add(Identity.of_partner(partner), partner)
    found = []
    same = index.same(identity)
    if same:
        found.append((same[0], same[1], True))
    for partner, reason in index.possible(identity):
        if not same or partner is not same[0]:
            found.append((partner, reason, False))
    return found[:10]
