"""The statements and recommendations every organization starts with, written for this app in each of its
languages, one module per language. A new organization gets them in its creator's language
(``services.create_default_statements``) and then edits its own copy, so they are plain data here rather than
messages in the catalogues.

The migration giving existing organizations their copy reads the English list.
"""

from . import de, en, es, fr

_LANGUAGES = {"en": en, "fr": fr, "de": de, "es": es}

# (area, statement), in the same order in every language.
DEFAULT_STATEMENTS = {code: module.STATEMENTS for code, module in _LANGUAGES.items()}

# (key, area, text). The key is the same in every language and stays when the wording changes, so that plans
# can point at it.
DEFAULT_RECOMMENDATIONS = {code: module.RECOMMENDATIONS for code, module in _LANGUAGES.items()}
