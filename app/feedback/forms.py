"""The forms of ratings and of feedback and petitions (PAKN)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import ChoiceField
from app.feedback.models import Criterion, PetitionCategory, Satisfaction


class RateServiceForm(FlaskForm):
    overall = RadioField(
        _l("Bạn hài lòng thế nào với việc giải quyết hồ sơ?"), coerce=int,
        choices=[SelectChoice(level.value, level.label) for level in Satisfaction],
        validators=[DataRequired(message=_l("Hãy chọn một mức hài lòng."))],
        invalid_choice_message=_l("Hãy chọn một mức hài lòng trong danh sách."))
    criteria = SelectMultipleField(
        _l("Những điều đúng với trải nghiệm của bạn (không bắt buộc)"), widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(), choices=[SelectChoice(criterion.value, criterion.label) for criterion in Criterion],
        invalid_choice_message=_l("Lựa chọn không hợp lệ."))
    comment = TextAreaField(
        _l("Góp ý thêm (không bắt buộc)"),
        description=_l("Đánh giá không ghi tên bạn khi công bố; đừng ghi số định danh hay số điện thoại ở đây."),
        validators=[Optional(), Length(max=1000, message=_l("Góp ý dài tối đa 1000 ký tự."))])


class SendPetitionForm(FlaskForm):
    category = RadioField(
        _l("Bạn phản ánh, kiến nghị về"), choices=[SelectChoice(category.value, category.label)
                                                   for category in PetitionCategory],
        validators=[DataRequired(message=_l("Hãy chọn nội dung bạn phản ánh."))],
        invalid_choice_message=_l("Hãy chọn một mục trong danh sách."))
    dossier = ChoiceField(_l("Hồ sơ của bạn (khi phản ánh về một hồ sơ)"))
    procedure = StringField(
        _l("Mã thủ tục (khi phản ánh về quy định)"), description=_l("Ghi trên trang của thủ tục, ví dụ 1.001193."),
        validators=[Optional(), Length(max=40, message=_l("Mã thủ tục dài tối đa 40 ký tự."))])
    text = TextAreaField(
        _l("Nội dung"), description=_l("Viết rõ sự việc, thời gian, nơi xảy ra và điều bạn đề nghị."),
        validators=[DataRequired(message=_l("Hãy viết nội dung phản ánh, kiến nghị.")),
                    Length(max=4000, message=_l("Nội dung dài tối đa 4000 ký tự."))])
    attachment = FileField(_l("Tệp kèm theo (không bắt buộc)"),
                           description=_l("Ảnh hoặc PDF, tối đa 10 MB."))
    contact_name = StringField(_l("Họ và tên (không bắt buộc)"),
                               validators=[Optional(), Length(max=200, message=_l("Họ tên dài tối đa 200 ký tự."))])
    contact_phone = StringField(
        _l("Số điện thoại nhận trả lời"), validators=[Optional(), Regexp(
            r"^(\+84|0)\d{9}$", message=_l("Số điện thoại gồm 10 chữ số, ví dụ 0912345678."))],
        filters=[lambda value: value.replace(" ", "").replace(".", "") if value else value])
    contact_email = StringField(
        _l("Email nhận trả lời"), validators=[Optional(), Length(max=254), Regexp(
            r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Email chưa đúng dạng, ví dụ ten@example.vn."))])
    publish_consent = BooleanField(
        _l("Tôi đồng ý công khai câu hỏi và câu trả lời, đã bỏ thông tin cá nhân, để giúp người khác."))


class AnswerPetitionForm(FlaskForm):
    answer = TextAreaField(_l("Nội dung trả lời"), validators=[
        DataRequired(message=_l("Hãy viết nội dung trả lời.")),
        Length(max=4000, message=_l("Nội dung dài tối đa 4000 ký tự."))])
    publish = BooleanField(_l("Công khai trên trang phản ánh, kiến nghị (người gửi đã đồng ý; thông tin cá nhân được "
                              "bỏ đi)"))
