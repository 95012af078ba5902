"""Fixtures for the WordPress import tests: the hand-written export in
fixtures/export.xml, a copy of its wp-content/uploads made with Pillow, a
throwaway MEDIA_ROOT, and the import run through the management command."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from tests.peers.akismet import AkismetPeer

FIXTURE = Path(__file__).parent / "fixtures" / "export.xml"


def run_import(export=FIXTURE, **options):
    """``manage.py import_wordpress`` as a person runs it; returns what it printed."""
    out = io.StringIO()
    call_command("import_wordpress", str(export), stdout=out, **options)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _admin_password_file(monkeypatch, tmp_path):
    """An import into an empty test site creates its first administrator, whose
    generated password ensure_admin writes down: in the test's folder, not var/."""
    monkeypatch.setenv("ADMIN_PASSWORD_FILE", str(tmp_path / "admin-password"))


@pytest.fixture
def media_dir(tmp_path):
    """What the old site's wp-content/uploads held: two pictures and a PDF.
    2023/05/missing-map.jpg is in the export but deliberately not here."""
    root = tmp_path / "uploads"
    for folder in ("2023/04", "2023/05", "2023/06"):
        (root / folder).mkdir(parents=True)
    PILImage.new("RGB", (1200, 800), (200, 120, 40)).save(root / "2023/04/bazaar.jpg", "JPEG")
    PILImage.new("RGB", (640, 400), (40, 90, 200)).save(root / "2023/05/dome.png", "PNG")
    (root / "2023/06/water-budget.pdf").write_bytes(b"%PDF-1.4\n% not a picture\n")
    return root


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def imported(db, media_dir, media_root):
    """The fixture export imported once, with its media folder; returns the command's output."""
    return run_import(media_dir=str(media_dir))


@pytest.fixture(scope="session")
def akismet_server():
    peer = AkismetPeer(valid_keys={"test-key"}).start()
    yield peer
    peer.stop()


@pytest.fixture
def akismet(akismet_server, settings):
    """Akismet switched on and pointed at a real HTTP server on loopback."""
    akismet_server.reset()
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_API_URL = akismet_server.url
    return akismet_server


def files_under(root):
    root = Path(root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []
