"""The old site's time zone, read from its export.

WXR gives each post and comment two dates, the local one and the GMT one;
their differences are the old site's UTC offsets on those days (two of
them for a zone with summer time). The zones that had exactly those
offsets on exactly those days are the candidates: the editor is told which
to set as TIME_ZONE, and dates that have only a local value (drafts) are
read in it rather than in whatever TIME_ZONE this site has now."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.dateparse import parse_datetime

# Enough days to tell summer time from winter time; more only costs time.
MAX_SAMPLES = 200
# Names kept for old software, not what a person would pick.
_LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")
_REMOTE_REGIONS = {"Antarctica", "Arctic", "Indian", "Atlantic", "Pacific"}


@dataclass
class Clock:
    """The offsets seen (as timedeltas) and, for each, sample UTC moments."""

    samples: dict = field(default_factory=dict)

    def add(self, local, gmt):
        try:
            local_time, gmt_time = parse_datetime((local or "").strip()), parse_datetime((gmt or "").strip())
        except ValueError:
            return
        if local_time is None or gmt_time is None or gmt_time.year < 1971:
            return
        moments = self.samples.setdefault(local_time - gmt_time, [])
        if len(moments) < MAX_SAMPLES:
            moments.append(gmt_time.replace(tzinfo=datetime.UTC))

    @property
    def offsets(self):
        return sorted(self.samples)

    def matches(self, zone):
        return all(
            moment.astimezone(zone).utcoffset() == offset
            for offset, moments in self.samples.items()
            for moment in moments
        )

    def candidates(self, limit=5):
        """Zone names that fit every sample, the site's own TIME_ZONE first if it does."""
        if not self.samples:
            return []
        names = sorted(
            (name for name in zoneinfo.available_timezones() if "/" in name and not name.startswith(_LEGACY_PREFIXES)),
            # Where people live and blog first; research stations and islands last.
            key=lambda name: (name.split("/", 1)[0] in _REMOTE_REGIONS, name),
        )
        current = settings.TIME_ZONE
        ordered = [current] + [name for name in names if name != current]
        return [name for name in ordered if self.matches(zoneinfo.ZoneInfo(name))][:limit]


def describe(offset):
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
