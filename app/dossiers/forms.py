from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length


class SubmitDossierForm(FlaskForm):
    declaration = BooleanField(
        _l("Tôi cam đoan những thông tin đã khai là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình."),
        validators=[DataRequired(message=_l("Hãy đánh dấu lời cam đoan trước khi nộp hồ sơ."))],
    )


class WithdrawDossierForm(FlaskForm):
    reason = TextAreaField(
        _l("Lý do rút hồ sơ"),
        validators=[DataRequired(message=_l("Hãy cho biết lý do rút hồ sơ.")),
                    Length(max=1000, message=_l("Lý do dài tối đa 1000 ký tự."))],
        description=_l("Ví dụ: đã nộp nhầm thủ tục, hoặc không còn cần kết quả."),
    )
