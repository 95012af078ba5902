"""Structured logs: one JSON object per line (LOG_FORMAT=json), so a log
collector can index fields instead of parsing prose."""

import json
import logging
from datetime import datetime, timezone

# Attributes every LogRecord has; anything else was passed with ``extra=``.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRS and not key.startswith("_"):
                entry[key] = self._field(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)

    @staticmethod
    def _field(key, value):
        # django.request and django.server attach the request object itself.
        if key == "request" and hasattr(value, "method"):
            return {"method": value.method, "path": getattr(value, "path", "")}
        return value


class RefusalFilter(logging.Filter):
    """A refused request (4xx, DisallowedHost, a failed CSRF check) is the
    client's doing: one WARNING line with no traceback, so nobody can fill
    the logs with tracebacks or raise ERROR alarms by sending junk. 5xx
    keep their traceback."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        refused = record.name.startswith("django.security") or (
            record.name in ("django.request", "django.server") and status is not None and status < 500
        )
        if refused:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True
