from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp


class SubmitDossierForm(FlaskForm):
    declaration = BooleanField(
        _l("Tôi cam đoan những thông tin đã khai là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình."),
        validators=[DataRequired(message=_l("Hãy đánh dấu lời cam đoan trước khi nộp hồ sơ."))],
    )


class LookUpDossierForm(FlaskForm):
    code = StringField(
        _l("Mã hồ sơ"),
        validators=[DataRequired(message=_l("Hãy nhập mã hồ sơ.")),
                    Length(max=60, message=_l("Mã hồ sơ dài tối đa 60 ký tự."))],
        description=_l("In trên phiếu tiếp nhận, ví dụ UBND-XA-00025-261123-0001."),
        filters=[lambda value: value.strip().upper() if value else value],
    )
    last_digits = StringField(
        _l("4 số cuối của số định danh cá nhân người nộp"),
        validators=[DataRequired(message=_l("Hãy nhập 4 số cuối của số định danh cá nhân.")),
                    Regexp(r"^\d{4}$", message=_l("Nhập đúng 4 chữ số, ví dụ 2345."))],
        filters=[lambda value: value.strip() if value else value],
    )


class WithdrawDossierForm(FlaskForm):
    reason = TextAreaField(
        _l("Lý do rút hồ sơ"),
        validators=[DataRequired(message=_l("Hãy cho biết lý do rút hồ sơ.")),
                    Length(max=1000, message=_l("Lý do dài tối đa 1000 ký tự."))],
        description=_l("Ví dụ: đã nộp nhầm thủ tục, hoặc không còn cần kết quả."),
    )


class AnswerSupplementForm(FlaskForm):
    note = TextAreaField(
        _l("Ghi chú gửi cơ quan (không bắt buộc)"),
        validators=[Optional(), Length(max=1000, message=_l("Ghi chú dài tối đa 1000 ký tự."))],
        description=_l("Ví dụ: đã chụp lại rõ hơn trang 2."),
    )


class CheckResultFileForm(FlaskForm):
    file = FileField(_l("Tệp kết quả bạn đang có"), description=_l("Tệp không được lưu lại; cổng chỉ so mã băm SHA-256."),
                     validators=[FileRequired(message=_l("Hãy chọn tệp kết quả cần kiểm tra."))])
