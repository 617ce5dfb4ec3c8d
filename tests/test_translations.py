from pathlib import Path

from babel.messages.pofile import read_po

from app.config import ROOT


def test_every_interface_text_has_an_english_translation():
    with Path(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file)
    missing = [message.id for message in catalog if message.id and (
        message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))]
    assert missing == []
    with Path(ROOT / "translations" / "messages.pot").open("rb") as file:
        template = read_po(file)
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id} <= {
        m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
