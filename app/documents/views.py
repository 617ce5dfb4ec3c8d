"""Reading back a stored file: for its owner only, always as a download."""

import io

from flask import Blueprint, send_file

from app.documents import services
from app.identity.sessions import current_person, login_required

blueprint = Blueprint("documents", __name__)


@blueprint.get("/files/<int(max=2147483647):file_id>")
@login_required
def download(file_id: int):
    stored, content = services.file_for(current_person(), file_id)
    # send_file writes both an ASCII filename and the UTF-8 filename* for Vietnamese names.
    response = send_file(io.BytesIO(content), mimetype=stored.content_type, as_attachment=True,
                         download_name=stored.name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
