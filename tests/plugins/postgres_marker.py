"""The `postgres` marker: tests that only mean something on PostgreSQL
(full-text search, concurrent writers, ...) are skipped on SQLite — loudly,
with the way to run them, so a local run never hides that they did not run.
.ci/run runs the suite a second time on a throwaway PostgreSQL cluster."""

import pytest

SKIP_REASON = "needs PostgreSQL: set DATABASE_URL=postgres://…; .ci/run does this"


def _on_postgres():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")


def pytest_report_header(config):
    """Says which database and cache this run really uses: CI runs the suite
    three times and each run's log must show it tested what it claims."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    where = f"{database.get('HOST')}:{database.get('PORT')}" if database.get("HOST") else "embedded"
    return f"bluedomes: database={database['ENGINE'].rsplit('.', 1)[-1]} ({where}), cache={cache}"


def pytest_collection_modifyitems(config, items):
    marked = [item for item in items if item.get_closest_marker("postgres")]
    if not marked or _on_postgres():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in marked:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and SKIP_REASON in str(report.longrepr[2])
    ]
    if skipped:
        terminalreporter.write_sep(
            "!", f"{len(skipped)} test(s) SKIPPED ({SKIP_REASON})", yellow=True, bold=True
        )
