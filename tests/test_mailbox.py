"""The development mailbox: its SMS API checks the key and the message, its page lists what arrived newest
first in plain, accessible HTML, and its SMTP side takes real mail (through the running process)."""

from __future__ import annotations

import secrets
import smtplib
from email.message import EmailMessage

from bs4 import BeautifulSoup

from app.devtools.mailbox import Mailbox, create_mailbox

KEY = "test-sms-key"


def a_mailbox():
    mailbox = Mailbox()
    return mailbox, create_mailbox(mailbox, KEY, "127.0.0.1:9025").test_client()


def test_an_sms_needs_the_bearer_key():
    mailbox, client = a_mailbox()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": KEY}):
        response = client.post("/sms", json={"to": "0912345678", "text": "Xin chào"}, headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert list(mailbox.texts) == []


def test_an_sms_needs_a_phone_number_and_a_text():
    mailbox, client = a_mailbox()
    for body in ({"to": "0912345678"}, {"to": "", "text": "x"}, {"to": "ai đó", "text": "x"}, ["0912345678", "x"]):
        response = client.post("/sms", json=body, headers={"Authorization": f"Bearer {KEY}"})
        assert response.status_code == 400, body
    assert list(mailbox.texts) == []


def test_an_sms_taken_is_listed_with_its_reference():
    mailbox, client = a_mailbox()
    response = client.post("/sms", json={"to": "0912345678", "text": "Hồ sơ đã có kết quả", "reference": "outbox-7"},
                           headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 202 and response.json["status"] == "accepted"
    sms = client.get("/messages.json").json["sms"]
    assert [(m["to"], m["text"], m["reference"]) for m in sms] == [("0912345678", "Hồ sơ đã có kết quả", "outbox-7")]


def test_the_page_lists_mail_and_sms_newest_first_in_plain_accessible_html():
    mailbox, client = a_mailbox()
    mailbox.add_email("Cổng <no-reply@localhost>", ["lan@example.vn"], "Thư cũ / older", "<outbox-1@localhost>", "A")
    mailbox.add_email("Cổng <no-reply@localhost>", ["lan@example.vn"], "Thư mới / newer", "<outbox-2@localhost>",
                      "Xem chi tiết: http://127.0.0.1:5000/dossiers/ABC.\n\n<b>không phải HTML</b>")
    mailbox.add_sms("0912345678", "Tin nhắn / text", "outbox-3")
    page = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    assert page.html["lang"] == "vi" and len(page.find_all("h1")) == 1
    assert [h3.get_text(" ", strip=True) for h3 in page.find_all("h3")] == [
        "Thư mới / newer", "Thư cũ / older", "Tới / To 0912345678"]
    assert page.find("a", href="http://127.0.0.1:5000/dossiers/ABC") is not None
    assert page.find("b") is None and "<b>không phải HTML</b>" in page.get_text()
    assert not page.find_all(["script", "style"]) and not page.find_all(style=True)
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert all(page.find(id=tag["aria-labelledby"]) for tag in page.find_all(attrs={"aria-labelledby": True}))


def test_the_page_says_when_nothing_has_arrived():
    _, client = a_mailbox()
    text = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser").get_text(" ", strip=True)
    assert "Chưa có thư nào. No email yet." in text and "Chưa có tin nhắn nào. No SMS yet." in text


def test_the_running_mailbox_takes_mail_over_smtp(mailbox):
    recipient = f"smtp.{secrets.token_hex(4)}@example.vn"
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "no-reply@localhost", recipient, "Chào / Hello"
    message["Message-ID"] = "<smtp-test@localhost>"
    message.set_content("Nội dung thư / body")
    host, port = mailbox.smtp_url.removeprefix("smtp://").split(":")
    with smtplib.SMTP(host, int(port), timeout=5) as server:
        server.send_message(message)
    [email] = [email for email in mailbox.messages()["emails"] if recipient in email["recipients"]]
    assert (email["subject"], email["message_id"], email["body"]) == ("Chào / Hello", "<smtp-test@localhost>",
                                                                      "Nội dung thư / body\n")
