"""Background work of search: reading the text of attached files (slow, so never inside an event delivery)."""

from __future__ import annotations

from django.tasks import task

from plein.search import indexing
from plein.stream.models import Attachment, AttachmentKind


@task(queue_name="default")
def index_files_of_post(post_id: int) -> None:
    ids = Attachment.objects.filter(post_id=post_id, kind=AttachmentKind.FILE).values_list("pk", flat=True)
    indexing.index("file", list(ids))
