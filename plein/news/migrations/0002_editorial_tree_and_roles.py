"""The editorial page tree (intranet > news, work processes) and the editors' groups.

Wagtail's own first migration makes a "Welcome" page, the groups Editors and
Moderators and a "Moderators approval" workflow. Plein keeps the groups and the
workflow under its own role names (see plein/accounts/roles.py) and replaces the
welcome page with its tree.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS, CHIEF_EDITORS = "Redactie", "Hoofdredactie"


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="news", model=model)[0]


def _page(apps, model, *, title, slug, path, depth, url_path, numchild=0):
    Model = apps.get_model("news", model)
    return Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        path=path,
        depth=depth,
        numchild=numchild,
        url_path=url_path,
        live=True,
        has_unpublished_changes=False,
        content_type=_content_type(apps, model.lower()),
        locale_id=apps.get_model("wagtailcore", "Locale").objects.first().pk,
    )


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    intranet = _page(
        apps, "IntranetRoot", title="Intranet", slug="intranet", path=root.path + "0001", depth=2,
        url_path="/intranet/", numchild=2,
    )
    _page(apps, "NewsIndexPage", title="Nieuws", slug="nieuws", path=intranet.path + "0001", depth=3,
          url_path="/intranet/nieuws/")
    _page(apps, "ProcessIndexPage", title="Werkprocessen", slug="werkprocessen", path=intranet.path + "0002",
          depth=3, url_path="/intranet/werkprocessen/")
    root.numchild = 1
    root.save(update_fields=["numchild"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page_id=intranet.pk, is_default_site=True)
    else:
        site.root_page_id = intranet.pk
        site.save(update_fields=["root_page"])

    Group.objects.filter(name="Editors").update(name=EDITORS)
    Group.objects.filter(name="Moderators").update(name=CHIEF_EDITORS)
    for name in (EDITORS, CHIEF_EDITORS):
        Group.objects.get_or_create(name=name)
    app_config = apps.get_app_config("news")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    category_permissions = Permission.objects.filter(
        content_type__app_label="news", codename__in=["add_newscategory", "change_newscategory"]
    )
    for group in Group.objects.filter(name__in=[EDITORS, CHIEF_EDITORS]):
        group.permissions.add(*category_permissions)

    Workflow.objects.filter(name="Moderators approval").update(name="Goedkeuring hoofdredactie")
    Task.objects.filter(name="Moderators approval").update(name="Goedkeuring hoofdredactie")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
