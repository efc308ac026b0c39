"""The wikitext export: a table Meta-Wiki renders as typed, and that parses back to the same cells."""

import html
from types import SimpleNamespace

import mwparserfromhell
import pytest

from capacityplans.models import Step
from capacityplans.wikitext import columns, plan_rows, to_wikitext
from oeplanner.wikitext import escape


def step(**fields):
    defaults = {
        "goal": "",
        "action": "",
        "responsible_label": "",
        "resources": "",
        "starts_on": None,
        "ends_on": None,
        "indicator": "",
        "target": "",
        "notes": "",
        "get_status_display": lambda: "Not started",
    }
    defaults.update(fields)
    return SimpleNamespace(**defaults)


def parse_cells(wikitext):
    """Rows of cell texts, read back with a wikitext parser and unescaped."""
    code = mwparserfromhell.parse(wikitext)
    tables = code.filter_tags(matches=lambda node: node.tag == "table", recursive=False)
    assert len(tables) == 1, "exactly one table, nothing outside it"
    rows = []
    for row in tables[0].contents.filter_tags(matches=lambda node: node.tag == "tr", recursive=False):
        cells = row.contents.filter_tags(matches=lambda node: node.tag in ("td", "th"), recursive=False)
        rows.append([_unescape(str(cell.contents)) for cell in cells])
    return rows


def _unescape(text):
    return html.unescape(text.strip().replace("<br />", "\n"))


NASTY = [
    "a | b || c",
    "! starts like a header !! twice",
    "{{template|x}} and }} alone",
    "[[Link]] and [https://example.org ext]",
    "<script>alert(1)</script> <b>bold</b> &amp; already",
    "line one\nline two\r\nline three",
    "|} closes the table?\n|- new row?\n{| new table?",
    "''italic'' '''bold''' ~~~~ __NOTOC__",
    "= heading =\n* list\n# numbered\n; term : def",
    "-- dashes ---- and +plus",
    "",
]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_contains_no_markup(text):
    escaped = escape(text)
    for markup in ("|", "!", "{{", "}}", "[[", "]]", "<script", "''", "~~~", "__", "\n"):
        assert markup not in escaped
    assert html.unescape(escaped.replace("<br />", "\n")) == text.replace("\r\n", "\n")


def test_the_table_has_mediawiki_syntax():
    plan = SimpleNamespace(title="Partnerships 2027")
    text = to_wikitext(plan, [step(goal="More GLAM partners", target="3")])
    lines = text.splitlines()
    assert lines[0] == '{| class="wikitable sortable"'
    assert lines[1] == "|+ Partnerships 2027"
    assert lines[2] == "|-"
    assert lines[3].startswith("! #") and " !! " in lines[3]
    assert lines[4] == "|-"
    assert lines[-1] == "|}"


def test_the_wikitext_round_trips_through_a_parser_with_the_same_cells():
    from datetime import date

    plan = SimpleNamespace(title="A [[plan]] | {{with}} <markup>")
    steps = [
        step(goal=text, action=f"action {i}", responsible_label="Ana | Ben", starts_on=date(2027, 1, 5))
        for i, text in enumerate(NASTY)
    ]
    text = to_wikitext(plan, steps)

    rows = parse_cells(text)
    assert rows[0] == [str(title) for title in columns()]
    # Line breaks come back as "\n", whatever the browser sent.
    assert rows[1:] == [[cell.replace("\r\n", "\n") for cell in cells] for cells in plan_rows(steps)]
    assert rows[1][1] == NASTY[0]
    assert rows[6][1] == "line one\nline two\nline three"


def test_every_status_has_its_label():
    labels = {s.label for s in Step.Status}
    assert labels == {"Not started", "In progress", "Done", "Dropped"}
