"""Development email: each message as a readable text file in EMAIL_FILE_PATH
(``bin/run`` uses var/mail/), subject and body decoded, so the links in a
confirmation or moderation email can be opened straight from the file."""

from django.core.mail.backends.filebased import EmailBackend


class ReadableFileBackend(EmailBackend):
    def write_message(self, message):
        headers = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            *(f"{name}: {value}" for name, value in message.extra_headers.items()),
        ]
        text = "\n".join(headers) + "\n\n" + message.body + "\n" + "-" * 79 + "\n"
        self.stream.write(text.encode("utf-8"))
