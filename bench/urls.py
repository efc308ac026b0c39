"""The app's URLs plus the reference page of ``python -m bench.load``; mounted only by bench/settings.py."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from oeplanner.urls import urlpatterns as app_urlpatterns

REFERENCE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>'
    "<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body></html>"
)


def reference(request):
    """What the same stack serves when a view does next to nothing: middleware, session, a small template."""
    return HttpResponse(REFERENCE.render({"title": "Reference", "items": ["one", "two", "three"]}))


urlpatterns = [path("bench/reference/", reference, name="bench_reference"), *app_urlpatterns]
