"""The period and agency a service-index page shows (a GET form: no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField
from wtforms.validators import NumberRange, Optional


class ChoosePeriodForm(FlaskForm):
    start = DateField(_l("Từ ngày"), validators=[Optional()], format="%Y-%m-%d")
    end = DateField(_l("Đến ngày"), validators=[Optional()], format="%Y-%m-%d")
    agency = IntegerField(_l("Cơ quan"), validators=[Optional(), NumberRange(min=1, max=2_147_483_647)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.start.errors:
            self.start.errors = [_l("Ngày chưa đúng, ví dụ 2026-01-31.")]
        if self.end.errors:
            self.end.errors = [_l("Ngày chưa đúng, ví dụ 2026-12-31.")]
        return valid
