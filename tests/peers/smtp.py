"""A mail server on loopback, for the subscriber tests: it speaks enough
SMTP (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for
smtplib and Django's SMTP backend, and keeps every message it accepted.

    with PeerSMTP() as server:          # accepts
        server.refusing = True          # 421 at the greeting, as a server that is down for service
        ...  # server.port, server.messages (email.message.Message objects)
"""

import email
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        peer = self.server.peer
        if peer.refusing:
            self._reply("421 4.3.2 Service not available, closing transmission channel")
            return
        self._reply("220 peer.test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("latin-1").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 peer.test")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self._reply("250 2.0.0 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                for raw in iter(self.rfile.readline, b""):
                    if raw in (b".\r\n", b".\n"):
                        break
                    data.append(raw[1:] if raw.startswith(b"..") else raw)
                with peer.lock:
                    peer.messages.append(email.message_from_bytes(b"".join(data)))
                self._reply("250 2.0.0 Queued")
            elif verb == "QUIT":
                self._reply("221 2.0.0 Bye")
                return
            else:
                self._reply("502 5.5.2 Command not recognised")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class PeerSMTP:
    def __init__(self):
        self.messages = []
        self.refusing = False
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.peer = self
        self.port = self._server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def recipients(self):
        with self.lock:
            return [message["To"] for message in self.messages]
