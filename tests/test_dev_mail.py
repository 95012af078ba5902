"""Development email is written as readable files: decoded subject and body."""

from django.core.mail import EmailMessage, get_connection


def test_emails_land_as_readable_text_files(tmp_path, settings):
    settings.EMAIL_BACKEND = "bluedomes.mail.ReadableFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    message = EmailMessage("Пожалуйста, проверьте: «Памир»", "Одобрить: http://x/approve/\n批准",
                           "site@example.org", ["mona@example.org"])
    get_connection().send_messages([message])
    (written,) = tmp_path.iterdir()
    text = written.read_text(encoding="utf-8")
    assert "Subject: Пожалуйста, проверьте: «Памир»" in text
    assert "Одобрить: http://x/approve/\n批准" in text and "=?utf-8?" not in text
