"""The report's rows for its CSV (written, formulas neutralised, by oeplanner/spreadsheets/)."""

from django.utils.translation import gettext as _


def _number(value, digits=2):
    return "" if value is None else round(value, digits)


def report_rows(report):
    yield (
        [
            _("Code"),
            _("Area"),
            _("Statement"),
            _("Answers"),
            _("Don't know"),
            *[_("Score %(score)d") % {"score": score} for score in range(1, 6)],
            _("Mean"),
            _("High or low"),
            _("Standard deviation"),
            _("Lowest"),
            _("Highest"),
            _("Range"),
            _("Consensus or variance"),
            _("Mean in previous round"),
            _("Change"),
        ]
    )
    for row in report.rows:
        s = row.summary
        yield [
            row.code,
            str(row.area),
            row.text,
            s.n,
            s.dont_know,
            *[s.distribution[score] for score in range(1, 6)],
            _number(s.mean),
            str(row.level_label),
            _number(s.std),
            "" if s.minimum is None else s.minimum,
            "" if s.maximum is None else s.maximum,
            "" if s.range is None else s.range,
            str(row.agreement_label),
            _number(row.previous_mean),
            _number(row.change),
        ]
    overall = report.overall
    yield [
        _("All"),
        "",
        _("All statements (spread between respondents' averages)"),
        overall.answers.n,
        overall.answers.dont_know,
        *[overall.answers.distribution[score] for score in range(1, 6)],
        _number(overall.mean),
        str(report.overall_level_label),
        _number(overall.std),
        _number(overall.minimum),
        _number(overall.maximum),
        _number(overall.range),
        str(report.overall_agreement_label),
        _number(report.previous_overall.mean if report.previous_overall else None),
        _number(report.overall_change),
    ]
