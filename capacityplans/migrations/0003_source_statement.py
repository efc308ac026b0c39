"""A step made from a questionnaire statement points at it by ``source_statement`` (it was ``source_item``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capacityplans", "0002_one_step_per_plan_and_source"),
        ("questionnaire", "0003_statement"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="step", name="step_one_per_plan_item"),
        migrations.RenameField(model_name="step", old_name="source_item", new_name="source_statement"),
        migrations.RenameField(model_name="historicalstep", old_name="source_item", new_name="source_statement"),
        migrations.AlterField(
            model_name="step",
            name="source_statement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="plan_steps",
                to="questionnaire.statement",
                verbose_name="from questionnaire statement",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstep",
            name="source_statement",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="questionnaire.statement",
                verbose_name="from questionnaire statement",
            ),
        ),
        migrations.AddConstraint(
            model_name="step",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_statement__isnull", False)),
                fields=("plan", "source_statement"),
                name="step_one_per_plan_statement",
            ),
        ),
    ]
