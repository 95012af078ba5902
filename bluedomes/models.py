"""The site-wide tables that belong to no content app."""

from django.db import models


class RateCounter(models.Model):
    """One fixed window's count for one rate-limit key (bluedomes.ratelimit).

    In the database so every worker process, and every app server sharing the
    database, counts the same events; rows outlive their window by nothing
    more than the next prune."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="ratecounter_key_window")]
