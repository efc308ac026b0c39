"""Escaping text for MediaWiki, shared by every wikitext export (plans, learning patterns).

Whatever a member typed shows as typed: wiki markup (``|``, ``!``, ``{{``, ``[[``, ``''``,
``~~~~``, ``__TOC__``…) and HTML are turned into character references, line breaks into
``<br />``. Nothing typed can close a table, start a template or link, or inject HTML.
"""

# Characters that can start wiki or HTML markup anywhere in a line.
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "!": "&#33;",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
    "'": "&#39;",
    "~": "&#126;",
    "_": "&#95;",
}
_TABLE = str.maketrans(_ESCAPES)
LINE_BREAK = "<br />"
# Characters that are markup only at the start of a line: lists, indents, headings, rules, <pre>.
_LINE_START = set("*#:;=- \t")


def escape(text):
    """Text for a place that is not the start of a line, such as a table cell after ``| ``."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return LINE_BREAK.join(line.translate(_TABLE) for line in text.split("\n"))


def escape_line(text):
    """Text for a line of its own, such as a paragraph under a heading."""
    escaped = escape(text)
    if escaped[:1] in _LINE_START and escaped:
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped
