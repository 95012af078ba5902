"""What a migrating editor meets first: a working administrator after
importing into a fresh site, the names readers knew, and old links without
their trailing slash."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from articles.models import Article
from wordpress.timezones import Clock

from .conftest import run_import

pytestmark = pytest.mark.django_db

WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel>
<title>Old blog</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url><wp:base_blog_url>https://old.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login>
<wp:author_email><![CDATA[owner@old.example]]></wp:author_email>
<wp:author_display_name><![CDATA[The Editors]]></wp:author_display_name>
<wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name>
</wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[liwei]]></wp:author_login>
<wp:author_email><![CDATA[li@old.example]]></wp:author_email>
<wp:author_display_name><![CDATA[李伟 (Li Wei)]]></wp:author_display_name>
<wp:author_first_name><![CDATA[伟]]></wp:author_first_name><wp:author_last_name><![CDATA[李]]></wp:author_last_name>
</wp:author>
<wp:author><wp:author_id>3</wp:author_id><wp:author_login><![CDATA[olga]]></wp:author_login>
<wp:author_email><![CDATA[olga@old.example]]></wp:author_email>
<wp:author_display_name><![CDATA[Olga Petrova]]></wp:author_display_name>
<wp:author_first_name><![CDATA[Olga]]></wp:author_first_name><wp:author_last_name><![CDATA[Petrova]]></wp:author_last_name>
</wp:author>
{items}
</channel>
</rss>
"""

ITEM = """<item><title><![CDATA[{title}]]></title><dc:creator><![CDATA[{creator}]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date><![CDATA[{local}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:ping_status><![CDATA[open]]></wp:ping_status>
<wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type><![CDATA[{post_type}]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password></item>"""


def item(title, creator, wp_id, slug, post_type="post", local="2024-07-01 12:00:00", gmt="2024-07-01 10:00:00",
         content=None):
    return ITEM.format(title=title, creator=creator, wp_id=wp_id, slug=slug, post_type=post_type, local=local,
                       gmt=gmt, content=content or f"<p>{title}</p>")


@pytest.fixture
def export(tmp_path):
    # A Berlin blog: summer time in July, winter time in January.
    items = [
        item("By the editors", "admin", 10, "by-the-editors"),
        item("Letter from Urumqi", "liwei", 11, "letter-from-urumqi"),
        item("About", "olga", 12, "about", post_type="page", local="2024-01-10 09:00:00", gmt="2024-01-10 08:00:00"),
        item("Вода", "olga", 13, "%d0%b2%d0%be%d0%b4%d0%b0"),
        item("After midnight", "olga", 14, "after-midnight", local="2024-07-02 00:30:00", gmt="2024-07-01 22:30:00"),
        item("Draft", "olga", 15, "draft-in-winter", local="2024-01-20 18:00:00", gmt="0000-00-00 00:00:00"),
        item("Quoted", "olga", 16, "quoted",
             content="<p>As <cite>Abai</cite> wrote:</p><hr><details><summary>More</summary>Next</details>"),
    ]
    path = tmp_path / "export.xml"
    path.write_text(WXR.format(items="\n".join(items)), encoding="utf-8")
    return path


@pytest.fixture
def admin_password(monkeypatch, tmp_path):
    monkeypatch.setenv("ADMIN_PASSWORD_FILE", str(tmp_path / "admin-password"))
    monkeypatch.setenv("ADMIN_PASSWORD", "the-first-admins-pass")
    return "the-first-admins-pass"


def test_importing_into_a_fresh_site_leaves_a_working_administrator(export, admin_password, client):
    output = run_import(export)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.has_usable_password()
    assert f"login: admin / {admin_password}" in output
    # django-axes wants the request a login comes with.
    assert client.login(request=HttpRequest(), username="admin", password=admin_password)
    assert admin.articles.get().title == "By the editors"


def test_a_site_with_an_administrator_gets_none_from_the_import(export, admin_password):
    get_user_model().objects.create_superuser("owner", "owner@example.org", "owners-own-pass")
    output = run_import(export)
    assert "first" not in output
    admin = get_user_model().objects.get(username="admin")
    assert not admin.is_superuser and not admin.has_usable_password()


def test_a_display_name_that_is_not_first_and_last_is_kept(export, admin_password):
    run_import(export)
    users = get_user_model().objects
    assert users.get(username="liwei").get_full_name() == "李伟 (Li Wei)"
    assert users.get(username="olga").get_full_name() == "Olga Petrova"
    assert users.get(username="olga").first_name == "Olga"


@pytest.mark.parametrize("old", ["/about", "/letter-from-urumqi", "/2024/07/01/letter-from-urumqi", "/2024/07/01/вода"])
def test_old_links_without_their_trailing_slash_redirect_once(export, admin_password, client, old):
    run_import(export)
    response = client.get(old)
    assert response.status_code == 301, response.status_code
    final = client.get(response["Location"])
    assert final.status_code == 200


def test_the_report_names_the_old_sites_time_zone_with_its_summer_time(export, admin_password, settings):
    settings.TIME_ZONE = "UTC"
    output = run_import(export)
    assert "The old site's times were UTC+01:00 and UTC+02:00: its time zone is" in output
    assert "set TIME_ZONE=" in output


def test_europe_berlin_is_among_the_zones_that_fit_a_berlin_export():
    clock = Clock()
    clock.add("2024-07-01 12:00:00", "2024-07-01 10:00:00")
    clock.add("2024-01-10 09:00:00", "2024-01-10 08:00:00")
    fitting = clock.candidates(limit=50)
    assert "Europe/Berlin" in fitting
    assert "Europe/London" not in fitting and "Asia/Almaty" not in fitting


def test_a_draft_without_a_gmt_date_is_read_in_the_old_sites_zone(export, admin_password, settings):
    settings.TIME_ZONE = "UTC"
    run_import(export)
    # 18:00 in Berlin in January is 17:00 GMT.
    assert Article.objects.get(slug="draft-in-winter").published_at == datetime(2024, 1, 20, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_old_date_links_work_whichever_time_zone_the_site_chooses(export, admin_password, settings, client, zone):
    settings.TIME_ZONE = zone
    run_import(export)
    response = client.get("/2024/07/02/after-midnight/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain in ([], [("/2024/07/01/after-midnight/", 301)])


def test_a_site_already_in_the_old_zone_is_told_so(export, admin_password, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    assert "match this site's TIME_ZONE=Europe/Berlin" in run_import(export)


def test_cite_and_hr_come_over_and_markup_the_body_cannot_keep_is_named_in_the_report(export, admin_password):
    output = run_import(export)
    body = Article.objects.get(slug="quoted").body
    assert "<cite>Abai</cite>" in body and "<hr>" in body
    assert "<details> ×1 in 1 article(s): #16 “Quoted”" in output
    assert "<cite>" not in output
