"""The assistant's forms: naming the citizen and the scope of consent, the code read out, the counter
payment."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.assist.models import ConsentMethod, Permission
from app.core.forms import ChoiceField


class StartAssistedSessionForm(FlaskForm):
    personal_id = StringField(
        _l("Số định danh cá nhân của công dân"),
        validators=[DataRequired(message=_l("Hãy nhập số định danh cá nhân của công dân.")),
                    Regexp(r"^\d{12}$", message=_l("Số định danh cá nhân gồm đúng 12 chữ số."))],
        filters=[lambda value: value.replace(" ", "").strip() if value else value],
        description=_l("Đối chiếu với thẻ căn cước công dân đưa ra tại quầy."))
    permissions = SelectMultipleField(
        _l("Công dân cho phép bạn"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        choices=[SelectChoice(permission.value, permission.label) for permission in Permission],
        description=_l("Hỏi công dân và chỉ đánh dấu những việc họ đồng ý; tạo và nộp hồ sơ là bắt buộc."),
        validators=[DataRequired(message=_l("Hãy chọn ít nhất một việc được làm thay."))],
        invalid_choice_message=_l("Lựa chọn không hợp lệ."))
    minutes = ChoiceField(_l("Thời gian hỗ trợ"), default="60", validators=[DataRequired(message=_l("Hãy chọn thời gian."))])
    method = RadioField(
        _l("Cách công dân đồng ý"), default=ConsentMethod.EID.value,
        choices=[SelectChoice(method.value, method.label) for method in ConsentMethod],
        validators=[DataRequired(message=_l("Hãy chọn cách công dân đồng ý."))])

    def __init__(self, *args, longest: int = 60, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes.choices = [SelectChoice(str(value), _l("%(minutes)d phút", minutes=value))
                                for value in (15, 30, 45, 60, 90, 120) if value <= longest]


class ConfirmCodeForm(FlaskForm):
    code = StringField(
        _l("Mã công dân đọc cho bạn"),
        validators=[DataRequired(message=_l("Hãy nhập mã gồm 6 chữ số.")),
                    Regexp(r"^\d{6}$", message=_l("Mã gồm đúng 6 chữ số."))],
        filters=[lambda value: value.replace(" ", "").strip() if value else value])


class RecordCounterPaymentForm(FlaskForm):
    receipt_number = StringField(
        _l("Số biên lai thu tiền tại quầy"),
        validators=[DataRequired(message=_l("Hãy nhập số biên lai.")),
                    Length(max=40, message=_l("Số biên lai dài tối đa 40 ký tự."))])
