"""gunicorn settings for bluedomes' web servers (deploy/systemd/bluedomes-web@.service).

The port comes from the command line (one systemd instance per port); the
rest from the environment file, so every web server of a site runs alike.
Logs go to stderr (the journal); with LOG_FORMAT=json the access log is a
JSON object per request, like the application's own log lines."""

import multiprocessing
import os

from bluedomes.serving import default_web_workers

wsgi_app = "bluedomes.wsgi:application"
workers = int(
    os.environ.get("WEB_CONCURRENCY")
    or default_web_workers(multiprocessing.cpu_count(), os.environ.get("DATABASE_URL", ""))
)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Requests longer than this are cut off; nginx's proxy_read_timeout is a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front (nginx) may set X-Forwarded-Proto; nobody else.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Several instances share a machine: no shared control socket.
control_socket_disable = True
accesslog = "-"
errorlog = "-"

if os.environ.get("LOG_FORMAT") == "json":
    from gunicorn.glogging import Logger

    class JsonAccessLogger(Logger):
        """Each request as fields of one JSON line (bluedomes.logging.JsonFormatter)
        rather than a format string a log collector would have to parse."""

        def access(self, resp, req, environ, request_time):
            atoms = self.atoms(resp, req, environ, request_time)
            fields = {
                "remote": atoms["h"], "method": atoms["m"], "path": atoms["U"], "query": atoms["q"],
                "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
                "bytes": atoms["B"], "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "referer": atoms["f"], "user_agent": atoms["a"],
            }
            self.access_log.info("%s %s %s", atoms["m"], atoms["U"], atoms["s"], extra=fields)

    logger_class = JsonAccessLogger
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "bluedomes.logging.JsonFormatter"}},
        "handlers": {
            "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
            "access": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        },
        # gunicorn merges this over its defaults, whose root logger names
        # a handler that this dict replaces.
        "root": {"level": "INFO", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }
