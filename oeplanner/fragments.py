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

A whole page is kept with ``@kept_page`` (below): keyed on the organization's data version
(``oeplanner.freshness``), which moves on with every write the organization's pages could show.
"""

import hashlib
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from . import freshness

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


def _drawn_with():
    """What every kept markup is drawn with, besides its values: the language, the time zone, today's date."""
    return get_language(), timezone.get_current_timezone_name(), timezone.localdate()


def _key(name, drawn_with, values):
    return f"fragment.{name}." + digest(repr((drawn_with, values)))


class Fragments:
    def __init__(self, name, values_by_item):
        drawn_with = _drawn_with()
        self._keys = {item: _key(name, drawn_with, values) for item, values in values_by_item.items()}
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


# Drawn instead of the CSRF token in a page being kept (``csrf_placeholder``); each answer puts its own back.
CSRF_PLACEHOLDER = "csrf-token-of-this-answer"


def kept_page(view):
    """Keep the page an organization's view draws, whole, for whoever asks for it again.

    Invalidation rule: the key holds the organization's data version, which moves on whenever anything its pages
    show is written (``oeplanner.freshness``: every write statement is read, none is trusted to say so), and
    everything else the page is drawn from: the address with its query, the member and their role, the language,
    the time zone and today's date. The navigation bar's parts (the member's name, organizations, unread
    notifications) are tables every organization shows, whose writes move every organization on. The CSRF token
    is drawn as a placeholder and each answer puts in its own. Drawn afresh, never kept: anything but a GET, a page
    carrying one-time messages, and any page read by a transaction that has written something not yet committed.
    Goes under ``org_view``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or freshness.pending(connection) or len(messages.get_messages(request)):
            return view(request, *args, **kwargs)
        key = _key(
            "page",
            _drawn_with(),
            (
                request.get_full_path(),
                request.org.pk,
                request.org.data_version,
                request.user.pk,
                request.membership.role,
            ),
        )
        html = cache.get(key)
        if html is None:
            request.keeping_page = True
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            html = response.content.decode(response.charset)
            cache.set(key, html, SECONDS)
        return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))

    return wrapper


def csrf_placeholder(request):
    """Context processor: the CSRF token of a page being kept is a placeholder (see ``kept_page``)."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "keeping_page", False) else {}
