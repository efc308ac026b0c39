"""Fragments of a page drawn once and kept in the cache, keyed on every value they show.

A view builds ``Fragments(name, {item: values})``: one cache key per item (a partner's row, a follow-up…),
all read in one ``cache.get_many``; the template wraps what each item draws in ``{% fragment fragments item %}``
(``oeplanner.templatetags.fragments``), which writes out the kept markup or draws it; the view then calls
``save()`` to keep what was drawn, in one ``cache.set_many``.

Invalidation rule: a key is a hash of everything its fragment shows — the ``values`` the view gives (the item's
own fields as the page's query loaded them, the names of what it links to, the flags the template tests) —
and of what it is drawn with: the language, the time zone and today's date. A changed value, a change of language
or a new day is a new key, so nothing is ever deleted; an entry nobody asks for again expires after ``SECONDS``.
Each entry also holds a stamp: a hash of the template file the fragment is written in and of the values the
template adds (``{% fragment %}``); it is drawn again when the stamp differs (a new release, another include).
Never put in a fragment a CSRF token, nor what depends on the member (their role, their name) unless it is in
the key.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

SECONDS = 3600


def loaded_values(instance):
    """What a fragment drawing ``instance`` may show: its fields as its query loaded them, and the text of each
    object loaded with it (``select_related``, and ``prefetch_related`` lists), which is what fragments show of
    those. Not their other fields: a member's ``last_login`` would draw every row of their partners again."""
    return (
        [getattr(instance, field.attname) for field in instance._meta.concrete_fields],
        [(name, str(related)) for name, related in instance._state.fields_cache.items()],
        [
            (name, [str(obj) for obj in objs])
            for name, objs in getattr(instance, "_prefetched_objects_cache", {}).items()
        ],
    )


def digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


class Fragments:
    def __init__(self, name, values_by_item):
        drawn_with = (get_language(), timezone.get_current_timezone_name(), timezone.localdate())
        prefix = f"fragment.{name}."
        self._keys = {item: prefix + digest(repr((drawn_with, values))) for item, values in values_by_item.items()}
        self._kept = cache.get_many(self._keys.values()) if self._keys else {}
        self._drawn = {}

    @classmethod
    def one(cls, name, values):
        """A single fragment: ``{% fragment fragments %}`` without an item."""
        return cls(name, {None: values})

    def kept(self, item, stamp):
        """The markup kept for ``item``, if it was drawn with the same ``stamp`` (template source, its values).
        An item the view gave no values for is drawn every time."""
        kept_stamp, html = self._kept.get(self._keys.get(item), (None, None))
        return html if kept_stamp == stamp else None

    def keep(self, item, stamp, html):
        if item in self._keys:
            self._drawn[self._keys[item]] = (stamp, html)

    def save(self):
        """Keep the fragments drawn by this page (none when every one came from the cache)."""
        if self._drawn:
            cache.set_many(self._drawn, SECONDS)
