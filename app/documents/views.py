"""Reading back a stored file: for its owner only, always as a download."""

from flask import Blueprint

from app.core.responses import file_download
from app.documents import services
from app.identity.sessions import current_person, login_required

blueprint = Blueprint("documents", __name__)


@blueprint.get("/files/<int(max=2147483647):file_id>")
@login_required
def download(file_id: int):
    return file_download(*services.file_for(current_person(), file_id))
