"""What a person at a terminal sees: a progress bar while it works (only
on a terminal) and the summary at the end."""

import io

import pytest
from django.core.management import call_command

from tests.wordpress.conftest import FIXTURE

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_is_drawn_on_a_terminal(media_dir, media_root):
    out = Terminal()
    call_command("import_wordpress", str(FIXTURE), media_dir=str(media_dir), stdout=out)
    text = out.getvalue()
    size = f"{FIXTURE.stat().st_size / 1e3:.0f} kB"
    assert "\rChecking the file" in text and f"100%  {size}/{size}" in text
    assert "\rPictures" in text and "4/4" in text
    assert "\rArticles and comments" in text and "[##############################] 100%  11/11" in text
    assert text.rstrip().endswith(f"Imported {FIXTURE} in " + text.rstrip().rsplit(" in ", 1)[1])


def test_no_progress_bar_when_output_is_not_a_terminal(media_root):
    out = io.StringIO()
    call_command("import_wordpress", str(FIXTURE), stdout=out)
    assert "\r" not in out.getvalue()
    assert "created  updated  unchanged  skipped  warnings" in out.getvalue()


def test_warnings_are_capped_unless_verbose(media_root, tmp_path):
    many = "".join(
        f"<item><title>Broken {n}</title><dc:creator>olga</dc:creator><wp:post_id>{9000 + n}</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
        "<wp:post_date_gmt>never</wp:post_date_gmt></item>"
        for n in range(25)
    )
    path = tmp_path / "many.xml"
    path.write_text(FIXTURE.read_text().replace("</channel>", many + "</channel>"))
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out)
    assert "… and 10 more (use --verbosity 2 to see all)" in out.getvalue()
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out, verbosity=2)
    assert "Broken 24" in out.getvalue()
