"""The notifications outbox: every notice's email and SMS copies are queued with the change, sent by the
worker through the real development mailbox (SMTP and HTTP), tried again after a failure, given up but
kept after too many, and never sent twice."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.config import ConfigError, Settings
from app.core.database import utcnow
from app.dossiers.services import sweep_drafts
from app.extensions import db
from app.identity.models import Person
from app.integrations import mail
from app.notifications import outbox
from app.notifications.models import Channel, Notification, OutboxMessage
from app.notifications.services import notify
from tests.processes import free_port
from tests.test_draft_sweep import a_draft


def a_person(**traits) -> Person:
    """Someone who wants both email and SMS, with an address and a number from the eID; traits override."""
    tag = secrets.token_hex(4)
    values = {"issuer": "https://eid.test", "subject": f"outbox-{tag}", "full_name": "Nguyễn Thị Hộp Thư",
              "email": f"hop.thu.{tag}@example.vn", "phone": "0912345678", "notify_by_email": True,
              "notify_by_sms": True, **traits}
    person = Person(**values)
    db.session.add(person)
    db.session.commit()
    return person


def queued(person_recipients: set[str]) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient.in_(person_recipients))
                                   .order_by(OutboxMessage.id)))


def received(mailbox, recipient: str) -> tuple[list[dict], list[dict]]:
    """The emails and SMS the mailbox process has received for one recipient."""
    messages = mailbox.messages()
    return ([email for email in messages["emails"] if recipient in email["recipients"]],
            [sms for sms in messages["sms"] if sms["to"] == recipient])


def test_a_notice_queues_an_email_and_an_sms_with_the_link_made_absolute():
    person = a_person()
    notice = notify(person.id, "Hồ sơ ABC-1 đã được tiếp nhận / was received", "Ngày hẹn / due: 01/12/2026",
                    link="/dossiers/ABC-1")
    db.session.commit()
    email, sms = queued({person.email, person.phone})
    assert db.session.get(Notification, notice.id).title == "Hồ sơ ABC-1 đã được tiếp nhận / was received"
    assert (email.channel, email.recipient, email.subject) == (Channel.EMAIL, person.email,
                                                               "Hồ sơ ABC-1 đã được tiếp nhận / was received")
    assert "Ngày hẹn / due: 01/12/2026" in email.body
    assert "Xem chi tiết: http://portal.test/dossiers/ABC-1" in email.body
    assert "Đổi cách nhận thông báo: http://portal.test/account" in email.body
    assert (sms.channel, sms.recipient) == (Channel.SMS, "0912345678")
    assert sms.body == "Hồ sơ ABC-1 đã được tiếp nhận / was received http://portal.test/dossiers/ABC-1"
    assert email.attempts == sms.attempts == 0 and email.sent_at is None and email.available_at <= utcnow()


def test_the_email_is_framed_in_the_language_the_person_chose():
    person = a_person(language="en")
    notify(person.id, "Hồ sơ ABC-2 đã được tiếp nhận / was received", link="/dossiers/ABC-2")
    db.session.commit()
    email = queued({person.email})[0]
    assert "Details: http://portal.test/dossiers/ABC-2" in email.body and "Xem chi tiết" not in email.body


def test_the_contact_address_and_number_win_over_the_eid_ones():
    person = a_person(contact_email="lien.he@example.vn", contact_phone="0987000111")
    notify(person.id, "Thông báo / Notice")
    db.session.commit()
    assert [(m.channel, m.recipient) for m in queued({"lien.he@example.vn", "0987000111", person.email})] == [
        (Channel.EMAIL, "lien.he@example.vn"), (Channel.SMS, "0987000111")]


def test_nothing_is_queued_for_a_channel_turned_off_or_without_an_address():
    by_sms_only = a_person(notify_by_email=False)
    without_phone = a_person(phone=None)
    notify(by_sms_only.id, "Chỉ SMS / SMS only")
    notify(without_phone.id, "Chỉ email / email only")
    db.session.commit()
    assert [m.channel for m in queued({by_sms_only.email, by_sms_only.phone})] == [Channel.SMS]
    assert [m.channel for m in queued({without_phone.email})] == [Channel.EMAIL]


def test_a_long_title_is_cut_in_the_sms_but_the_link_is_kept():
    person = a_person()
    notify(person.id, "Hồ sơ " + "rất dài " * 20, link="/dossiers/XYZ-9")
    db.session.commit()
    sms = queued({person.phone})[0]
    assert sms.body.endswith("… http://portal.test/dossiers/XYZ-9") and len(sms.body) < 160


def test_the_copies_vanish_with_a_change_that_is_rolled_back():
    person = a_person()
    notify(person.id, "Không bao giờ xảy ra / never happened")
    db.session.rollback()
    assert queued({person.email, person.phone}) == []


def test_a_channel_without_its_url_queues_nothing_and_leaves_what_is_queued_waiting(app, monkeypatch):
    person = a_person()
    notify(person.id, "Trước / before")
    db.session.commit()
    monkeypatch.setitem(app.config, "SMTP_URL", "")
    notify(person.id, "Sau / after")
    db.session.commit()
    assert [(m.channel, m.subject) for m in queued({person.email})] == [(Channel.EMAIL, "Trước / before")]
    sent = []
    assert outbox.drain_outbox(sender=sent.append) == {"sent": 2, "retried": 0, "failed": 0}
    assert {m.channel for m in sent} == {Channel.SMS} and queued({person.email})[0].sent_at is None


def test_the_worker_sends_email_over_smtp_and_sms_over_http_to_the_mailbox(mailbox):
    person = a_person(phone=f"09{secrets.randbelow(10**8):08d}")
    notify(person.id, "Hồ sơ ABC-3 đã có kết quả / result ready", "Mời nhận kết quả. / Come for the result.",
           link="/dossiers/ABC-3")
    db.session.commit()
    email, sms = queued({person.email, person.phone})
    assert outbox.drain_outbox() == {"sent": 2, "retried": 0, "failed": 0}
    assert email.sent_at is not None and sms.sent_at is not None
    emails, texts = received(mailbox, person.email)[0], received(mailbox, person.phone)[1]
    assert len(emails) == 1 and len(texts) == 1
    assert emails[0]["subject"] == "Hồ sơ ABC-3 đã có kết quả / result ready"
    assert emails[0]["message_id"] == f"<outbox-{email.id}@localhost>"
    assert "Mời nhận kết quả. / Come for the result." in emails[0]["body"]
    assert "http://portal.test/dossiers/ABC-3" in emails[0]["body"]
    assert texts[0]["text"] == sms.body and texts[0]["reference"] == f"outbox-{sms.id}"


def test_a_notice_of_the_draft_sweep_reaches_the_citizen_by_email_and_sms(client, mailbox):
    draft = a_draft(client)
    owner = db.session.get(Person, draft.owner_id)
    emails_before, texts_before = received(mailbox, owner.email)[0], received(mailbox, owner.phone)[1]
    sweep_drafts(timedelta(days=30), timedelta(days=7), now=draft.updated_at + timedelta(days=23, minutes=1))
    assert outbox.drain_outbox() == {"sent": 2, "retried": 0, "failed": 0}
    emails = received(mailbox, owner.email)[0][len(emails_before):]
    texts = received(mailbox, owner.phone)[1][len(texts_before):]
    assert len(emails) == 1 and len(texts) == 1
    assert "sẽ bị xóa" in emails[0]["subject"] and "sẽ bị xóa" in texts[0]["text"]
    assert f"http://portal.test/dossiers/{draft.reference}" in emails[0]["body"]
    assert texts[0]["text"].endswith(f"http://portal.test/dossiers/{draft.reference}")


def test_nothing_is_sent_twice_when_the_outbox_is_drained_again(mailbox):
    person = a_person(notify_by_sms=False)
    notify(person.id, "Một lần thôi / once only")
    db.session.commit()
    assert outbox.drain_outbox()["sent"] == 1
    assert outbox.drain_outbox(now=utcnow() + timedelta(days=1)) == {"sent": 0, "retried": 0, "failed": 0}
    assert len(received(mailbox, person.email)[0]) == 1


def test_a_failed_send_is_tried_again_after_a_growing_wait_and_then_sent(app, mailbox, monkeypatch):
    person = a_person(notify_by_sms=False)
    notify(person.id, "Thử lại / try again")
    db.session.commit()
    message = queued({person.email})[0]
    start = utcnow()
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # nothing listens there
    assert outbox.drain_outbox(now=start) == {"sent": 0, "retried": 1, "failed": 0}
    assert message.attempts == 1 and "ConnectionRefusedError" in message.last_error
    assert message.available_at == start + timedelta(seconds=30) and message.sent_at is None
    assert outbox.drain_outbox(now=start + timedelta(seconds=29))["retried"] == 0  # not due yet
    assert outbox.drain_outbox(now=start + timedelta(seconds=30))["retried"] == 1
    assert message.attempts == 2 and message.available_at == start + timedelta(seconds=90)
    assert received(mailbox, person.email)[0] == []
    monkeypatch.setitem(app.config, "SMTP_URL", mailbox.smtp_url)
    assert outbox.drain_outbox(now=start + timedelta(seconds=90)) == {"sent": 1, "retried": 0, "failed": 0}
    assert message.sent_at == start + timedelta(seconds=90) and message.failed_at is None
    assert len(received(mailbox, person.email)[0]) == 1


def test_the_wait_doubles_from_30_seconds_up_to_an_hour():
    assert [outbox.retry_delay(n).total_seconds() for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_message_that_keeps_failing_is_given_up_and_kept():
    person = a_person(notify_by_sms=False)
    notify(person.id, "Không gửi được / cannot be sent")
    db.session.commit()
    message = queued({person.email})[0]

    def broken(_message):
        raise mail.MailError("421 try later")

    assert outbox.drain_outbox(sender=broken, max_attempts=3)["retried"] == 1
    assert outbox.drain_outbox(sender=broken, now=message.available_at, max_attempts=3)["retried"] == 1
    given_up_at = message.available_at
    assert outbox.drain_outbox(sender=broken, now=given_up_at, max_attempts=3) == {"sent": 0, "retried": 0,
                                                                                    "failed": 1}
    assert message.attempts == 3 and message.failed_at == given_up_at and message.sent_at is None
    assert message.last_error == "MailError: 421 try later"
    later = given_up_at + timedelta(days=30)
    assert outbox.drain_outbox(sender=broken, now=later) == {"sent": 0, "retried": 0, "failed": 0}
    assert db.session.get(OutboxMessage, message.id).failed_at == given_up_at


def test_a_refusal_for_good_gives_up_at_once(mailbox):
    message = OutboxMessage(channel=Channel.SMS, recipient="khong-phai-so", subject="", body="Thử / test",
                            created_at=utcnow(), available_at=utcnow(), attempts=0)
    db.session.add(message)
    db.session.commit()
    assert outbox.drain_outbox() == {"sent": 0, "retried": 0, "failed": 1}
    assert message.failed_at is not None and message.attempts == 1 and "HTTP 400" in message.last_error


def test_a_wrong_sms_key_is_tried_again_once_the_operator_fixes_it(app, mailbox, monkeypatch):
    person = a_person(notify_by_email=False, phone=f"09{secrets.randbelow(10**8):08d}")
    notify(person.id, "Khóa sai / wrong key")
    db.session.commit()
    monkeypatch.setitem(app.config, "SMS_API_KEY", "not-the-key")
    start = utcnow()
    assert outbox.drain_outbox(now=start) == {"sent": 0, "retried": 1, "failed": 0}
    monkeypatch.setitem(app.config, "SMS_API_KEY", "dev-sms-api-key")
    assert outbox.drain_outbox(now=start + timedelta(seconds=30))["sent"] == 1
    assert len(received(mailbox, person.phone)[1]) == 1


def test_a_sender_that_breaks_unexpectedly_loses_nothing():
    person = a_person(notify_by_sms=False)
    notify(person.id, "Lỗi lập trình / a bug")
    db.session.commit()

    def buggy(_message):
        raise KeyError("oops")

    assert outbox.drain_outbox(sender=buggy)["retried"] == 1
    assert queued({person.email})[0].last_error == "KeyError: 'oops'"


@pytest.mark.parametrize("app_env", ["development", "testing"])
def test_outside_production_email_and_sms_go_to_the_development_mailbox(monkeypatch, app_env):
    monkeypatch.setenv("APP_ENV", app_env)
    for name in ("SMTP_URL", "SMS_URL", "SMS_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    values = Settings.from_environment().values
    assert (values["SMTP_URL"], values["SMS_URL"]) == ("smtp://127.0.0.1:9025", "http://127.0.0.1:9600/sms")


def production(monkeypatch, **settings):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "the-portal-client-secret")
    for name in ("SMTP_URL", "SMS_URL", "SMS_API_KEY", "MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return Settings.from_environment().values


def test_production_never_falls_back_to_the_mailbox_a_channel_not_set_is_off(monkeypatch):
    values = production(monkeypatch)
    assert values["SMTP_URL"] == "" and values["SMS_URL"] == ""


def test_production_refuses_email_from_the_built_in_sender(monkeypatch):
    with pytest.raises(ConfigError, match="MAIL_FROM"):
        production(monkeypatch, SMTP_URL="smtp+starttls://relay.example.vn")
    values = production(monkeypatch, SMTP_URL="smtp+starttls://relay.example.vn",
                        MAIL_FROM="Cổng Dịch vụ công <no-reply@dichvucong.example.vn>")
    assert values["SMTP_URL"] == "smtp+starttls://relay.example.vn"


def test_sms_needs_its_api_key(monkeypatch):
    with pytest.raises(ConfigError, match="SMS_API_KEY"):
        production(monkeypatch, SMS_URL="https://sms.example.vn/v1/messages")
    assert production(monkeypatch, SMS_URL="https://sms.example.vn/v1/messages",
                      SMS_API_KEY="k")["SMS_API_KEY"] == "k"
