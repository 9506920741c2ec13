"""The editorial tree, groups and workflow that migrations make, made again after a transactional
test's flush emptied the tables (browser tests run against a live server and flush afterwards)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
)

from plein.accounts.roles import CHIEF_EDITORS_GROUP, EDITORS_GROUP
from plein.news.models import IntranetRoot, NewsIndexPage, ProcessIndexPage

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
CHIEF_PAGE_PERMISSIONS = (*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page")
ADMIN_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("news", "add_newscategory"),
    ("news", "change_newscategory"),
)


def ensure_editorial_setup() -> None:
    if IntranetRoot.objects.exists():
        return
    for code in ("nl", "en"):
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    intranet = root.add_child(instance=IntranetRoot(title="Intranet", slug="intranet"))
    intranet.add_child(instance=NewsIndexPage(title="Nieuws", slug="nieuws"))
    intranet.add_child(instance=ProcessIndexPage(title="Werkprocessen", slug="werkprocessen"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": intranet}
    )
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    groups = {}
    for name, page_permissions in (
        (EDITORS_GROUP, EDITOR_PAGE_PERMISSIONS),
        (CHIEF_EDITORS_GROUP, CHIEF_PAGE_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for app_label, codename in ADMIN_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)
            if app_label in ("wagtailimages", "wagtaildocs"):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
        for codename in page_permissions:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    task = GroupApprovalTask.objects.create(name="Goedkeuring hoofdredactie")
    task.groups.set([groups[CHIEF_EDITORS_GROUP]])
    workflow = Workflow.objects.create(name="Goedkeuring hoofdredactie")
    workflow.workflow_tasks.create(task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)
