# "step" alone names a capacity-plan step; the partner protocols say "protocol step" (issue 18).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0014_partner_sector_cadence_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="protocolstep",
            name="stage",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="protocol_steps", to="partners.stage"
            ),
        ),
        migrations.RemoveConstraint(model_name="protocoltick", name="one_tick_per_step"),
        migrations.RenameField(model_name="protocoltick", old_name="step", new_name="protocol_step"),
        migrations.AddConstraint(
            model_name="protocoltick",
            constraint=models.UniqueConstraint(fields=["partner", "protocol_step"], name="one_tick_per_protocol_step"),
        ),
        migrations.RenameField(
            model_name="stagechange", old_name="unfinished_steps", new_name="unfinished_protocol_steps"
        ),
    ]
