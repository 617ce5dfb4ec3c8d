"""Form fields whose messages are the portal's own, in plain Vietnamese and English."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError


class ChoiceField(SelectField):
    """A select whose answer must be one of its options; an empty answer means "no choice"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        values = {choice.value if isinstance(choice, SelectChoice) else choice[0] for choice in self.choices}
        if self.data not in values:
            raise ValidationError(_l("Lựa chọn không hợp lệ. Hãy chọn một mục trong danh sách."))


def field_attributes(field, **extra) -> dict:
    """The accessibility attributes of a form control: what describes it and whether it is invalid."""
    described = [f"{field.id}-hint"] if field.description else []
    if field.errors:
        described.append(f"{field.id}-error")
        extra["aria-invalid"] = "true"
    if described:
        extra["aria-describedby"] = " ".join(described)
    return extra
