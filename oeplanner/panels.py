"""Places on a page where another app adds a section, without the page naming that app.

A page marks a place with ``{% panels "name" key=value … %}`` (``oeplanner/templatetags/panels.py``);
an app registers, in its ``AppConfig.ready``, a function ``provider(request, **values)`` that
returns HTML (or "") for that place. The questionnaire report, the self-check and the plan page use
the place "practice_areas" with ``areas=[…]``; the community fills it. The questionnaire report has
the place "questionnaire_report" with ``round`` and ``report``; the plans fill it.
"""

_providers = {}


def register(name, provider):
    _providers.setdefault(name, []).append(provider)


def render(name, request, **values):
    return "".join(provider(request, **values) for provider in _providers.get(name, []))
