"""Images and files of posts, served only to people who may see the post.

On local disk they are streamed by this view (the open /media/ route does not
serve them); on S3 the view redirects to a short-lived signed address.
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from plein.stream import selectors
from plein.stream.models import AttachmentKind


@require_GET
@login_required
def attachment(request: HttpRequest, attachment_id: int, variant: str) -> HttpResponseBase:
    item = selectors.attachment_for(request.user, attachment_id)
    field = item.preview if variant == "voorbeeld" and item.preview else item.file
    if settings.AWS_STORAGE_BUCKET_NAME:
        return redirect(field.url)
    response = FileResponse(
        field.open("rb"),
        as_attachment=item.kind == AttachmentKind.FILE,
        filename=item.name,
        # The stored name carries the real format (a PNG without transparency is stored as JPEG).
        content_type=mimetypes.guess_type(field.name or "")[0] or item.content_type or None,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
