"""The desk's action forms. Each names its action; choices come from the dossier at hand."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import ChoiceField

NOTE = dict(validators=[Optional(), Length(max=1000, message=_l("Ghi chú dài tối đa 1000 ký tự."))])


def _reason(label, message, hint=None):
    return TextAreaField(label, description=hint, validators=[
        DataRequired(message=message), Length(max=1000, message=_l("Nội dung dài tối đa 1000 ký tự."))])


class ReceiveDossierForm(FlaskForm):
    note = StringField(_l("Ghi chú (không bắt buộc)"), **NOTE)


class RefuseToReceiveForm(FlaskForm):
    reason = _reason(_l("Lý do không tiếp nhận"), _l("Hãy ghi lý do không tiếp nhận."),
                     _l("Người nộp đọc được nội dung này; ghi rõ giấy tờ hoặc điều kiện còn thiếu."))


class AssignDossierForm(FlaskForm):
    assignee = ChoiceField(_l("Giao cho"), validators=[DataRequired(message=_l("Hãy chọn người xử lý."))])
    note = StringField(_l("Ghi chú (không bắt buộc)"), **NOTE)


class RequestSupplementForm(FlaskForm):
    documents = SelectMultipleField(
        # The service refuses anything outside the published list, in the portal's own words.
        _l("Giấy tờ cần bổ sung"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validate_choice=False,
        description=_l("Chỉ chọn được giấy tờ có trong danh mục thủ tục đã công bố. Mỗi hồ sơ chỉ được yêu cầu "
                       "bổ sung một lần."),
        validators=[DataRequired(message=_l("Hãy chọn ít nhất một giấy tờ cần bổ sung."))])
    reason = _reason(_l("Lý do cần bổ sung"), _l("Hãy ghi lý do cần bổ sung."),
                     _l("Người nộp đọc được nội dung này. Ví dụ: ảnh chụp mờ, không đọc được số giấy tờ."))


class TransferDossierForm(FlaskForm):
    agency = ChoiceField(_l("Chuyển đến cơ quan"), validators=[DataRequired(message=_l("Hãy chọn cơ quan nhận."))])
    note = _reason(_l("Nội dung chuyển"), _l("Hãy ghi nội dung chuyển hồ sơ."))


class IssueResultForm(FlaskForm):
    how = RadioField(_l("Kết quả"), choices=[
        SelectChoice("generate", _l("Tạo kết quả điện tử theo mẫu của thủ tục (có mã QR kiểm tra)")),
        SelectChoice("upload", _l("Tải lên tệp kết quả đã ký số (PDF)"))],
                     default="generate", validators=[DataRequired(message=_l("Hãy chọn cách trả kết quả."))])
    file = FileField(_l("Tệp kết quả đã ký số (PDF)"), description=_l("Chỉ cần khi chọn tải lên tệp."))
    note = StringField(_l("Ghi chú (không bắt buộc)"), **NOTE)

    def validate_file(self, field):
        if self.how.data == "upload" and not (field.data and field.data.filename):
            raise ValidationError(_l("Hãy chọn tệp kết quả đã ký số."))


class RefuseDossierForm(FlaskForm):
    reason = _reason(_l("Lý do từ chối giải quyết"), _l("Hãy ghi lý do từ chối."),
                     _l("Người nộp đọc được nội dung này; ghi rõ căn cứ pháp lý."))


class ReturnResultForm(FlaskForm):
    note = StringField(_l("Ghi chú (không bắt buộc)"), **NOTE)
