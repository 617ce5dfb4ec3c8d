from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, TelField
from wtforms.validators import AnyOf, Length, Optional, Regexp, ValidationError

from app.identity.services import ContactPreferences

PHONE_MESSAGE = _l("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0, ví dụ 0912345678.")


class UpdateContactPreferencesForm(FlaskForm):
    """How a person wants to hear about their dossiers; identity fields come from the eID and are not here."""

    contact_email = EmailField(
        _l("Email nhận thông báo"),
        validators=[Optional(), Length(max=254, message=_l("Email dài quá 254 ký tự.")),
                    Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Email chưa đúng dạng, ví dụ ten@example.vn."))],
        description=_l("Để trống để dùng email trong tài khoản định danh."),
        filters=[lambda value: value.strip() if value else None],
    )
    contact_phone = TelField(
        _l("Số điện thoại nhận tin nhắn"),
        validators=[Optional(), Regexp(r"^0\d{9}$", message=PHONE_MESSAGE)],
        description=_l("Để trống để dùng số điện thoại trong tài khoản định danh."),
        filters=[lambda value: "".join(value.split()).replace(".", "") if value else None],
    )
    notify_by_email = BooleanField(_l("Nhận thông báo qua email"))
    notify_by_sms = BooleanField(_l("Nhận thông báo qua tin nhắn SMS"))
    language = RadioField(
        _l("Ngôn ngữ của thông báo"),
        choices={"vi": "Tiếng Việt", "en": "English"},
        validate_choice=False,
        validators=[AnyOf(["vi", "en"], message=_l("Hãy chọn một ngôn ngữ."))],
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_notify_by_email(self, field):
        if field.data and not (self.contact_email.data or self.person.email):
            raise ValidationError(_l("Hãy nhập email để nhận thông báo qua email, hoặc bỏ chọn mục này."))

    def validate_notify_by_sms(self, field):
        if field.data and not (self.contact_phone.data or self.person.phone):
            raise ValidationError(_l("Hãy nhập số điện thoại để nhận tin nhắn, hoặc bỏ chọn mục này."))

    def preferences(self) -> ContactPreferences:
        return ContactPreferences(
            contact_email=self.contact_email.data or None,
            contact_phone=self.contact_phone.data or None,
            notify_by_email=self.notify_by_email.data,
            notify_by_sms=self.notify_by_sms.data,
            language=self.language.data,
        )
