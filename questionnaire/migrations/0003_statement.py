"""The questionnaire's items are statements, as the product calls them: models, fields, related names and
constraints renamed; no data changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("oeplanner", "0001_initial"),
        ("questionnaire", "0002_defaults_for_existing_organizations"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="answer", name="one_answer_per_item"),
        migrations.RemoveConstraint(model_name="rounditem", name="item_once_per_round"),
        migrations.RemoveConstraint(model_name="rounditem", name="one_number_per_round_item"),
        migrations.RenameModel("Item", "Statement"),
        migrations.RenameModel("HistoricalItem", "HistoricalStatement"),
        migrations.RenameModel("RoundItem", "RoundStatement"),
        migrations.RenameField(model_name="answer", old_name="item", new_name="statement"),
        migrations.RenameField(model_name="roundstatement", old_name="item", new_name="statement"),
        migrations.RenameField(model_name="round", old_name="items", new_name="statements"),
        migrations.AlterModelOptions(
            name="statement",
            options={"ordering": ["position", "pk"], "verbose_name": "statement", "verbose_name_plural": "statements"},
        ),
        migrations.AlterModelOptions(
            name="historicalstatement",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical statement",
                "verbose_name_plural": "historical statements",
            },
        ),
        migrations.AlterField(
            model_name="statement",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="statements", to="oeplanner.organization"
            ),
        ),
        migrations.AlterField(
            model_name="roundstatement",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="round_statements", to="questionnaire.round"
            ),
        ),
        migrations.AlterField(
            model_name="roundstatement",
            name="statement",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="round_statements",
                to="questionnaire.statement",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(fields=("response", "statement"), name="one_answer_per_statement"),
        ),
        migrations.AddConstraint(
            model_name="roundstatement",
            constraint=models.UniqueConstraint(fields=("round", "statement"), name="statement_once_per_round"),
        ),
        migrations.AddConstraint(
            model_name="roundstatement",
            constraint=models.UniqueConstraint(fields=("round", "number"), name="one_number_per_round_statement"),
        ),
    ]
