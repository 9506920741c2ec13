from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stream", "0002_attachment"),
    ]

    operations = [
        migrations.AddField(
            model_name="postrevision",
            name="attachments",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
