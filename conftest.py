"""Root conftest: loads the project's pytest plugins whichever way pytest is
started (`bin/test`, `.venv/bin/pytest tests/x.py`), since a `-p` option in
addopts is imported before the project directory is on sys.path."""

pytest_plugins = ["tests.plugins.postgres_marker"]
