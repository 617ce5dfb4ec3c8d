from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SearchField
from wtforms.validators import Length

from app.catalogue.enums import Level
from app.catalogue.search import SearchFilters
from app.core.forms import ChoiceField


class SearchProceduresForm(FlaskForm):
    """The search on /procedures: a plain GET form, enhanced by htmx as people type."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Tìm thủ tục"),
        validators=[Length(max=200, message=_l("Nội dung tìm kiếm dài quá 200 ký tự. Hãy rút gọn lại."))],
        description=_l("Gõ tên thủ tục hoặc việc bạn cần làm, có dấu hoặc không dấu. Ví dụ: khai sinh, ho chieu"),
    )
    level = ChoiceField(_l("Cấp thực hiện"))
    agency = ChoiceField(_l("Cơ quan thực hiện"))
    field = ChoiceField(_l("Lĩnh vực"))
    online = BooleanField(_l("Chỉ thủ tục nộp trực tuyến toàn trình"))

    def __init__(self, *args, agencies=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _l("Tất cả"))]
        self.level.choices = everything + [(level.value, level.label) for level in Level]
        self.agency.choices = everything + [(agency.code, agency.display_name) for agency in agencies]
        self.field.choices = everything + [(field.code, field.display_name) for field in fields]

    def filters(self) -> SearchFilters:
        return SearchFilters(
            q=(self.q.data or "").strip(),
            level=Level(self.level.data) if self.level.data else None,
            agency=self.agency.data or None,
            field=self.field.data or None,
            online_only=bool(self.online.data),
        )
