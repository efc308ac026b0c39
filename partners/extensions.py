"""Where other apps add to the partners app's pages without the partners app naming them.

An app appends its providers here from its ``AppConfig.ready()``. Each provider runs a fixed number of
queries, so the pages keep theirs.
"""

# provider(request, partner) -> (template name, context) or None: a card on the partner page.
partner_sections = []
# source(partner, fetch) -> [(template name, date or aware datetime, object)], newest first, at most ``fetch``:
# entries of the partner's timeline, each drawn by its template with ``item``.
timeline_sources = []
# provider(request, today) -> (template name, context) or None: a section of "My dashboard".
dashboard_sections = []


def sections(providers, *args):
    return [section for section in (provider(*args) for provider in providers) if section is not None]
