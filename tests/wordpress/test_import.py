"""Importing the fixture export: authors, categories, tags, pictures and
articles arrive as a WordPress editor expects, and the report says what happened."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article, Category, Image, Tag

pytestmark = pytest.mark.django_db

Status = Article.Status


def article(wp_id):
    return Article.objects.get(wordpress_id=wp_id)


def test_authors_become_users_in_the_authors_group_without_a_usable_password(imported):
    olga = get_user_model().objects.get(username="olga")
    assert (olga.first_name, olga.last_name, olga.email) == ("Olga", "Petrova", "olga@old-blog.example")
    assert not olga.has_usable_password()
    assert olga.is_staff
    assert list(olga.groups.values_list("name", flat=True)) == ["Authors"]
    # Only a display name in the export: it becomes the first name.
    assert get_user_model().objects.get(username="timur.b").get_full_name() == "Timur Bekov"


def test_an_existing_user_with_the_same_login_is_reused_and_left_alone(db, media_dir, media_root):
    from tests.factories import make_user
    from tests.wordpress.conftest import run_import

    olga = make_user(username="olga", first_name="Olga", last_name="Local", email="olga@new.example")
    run_import(media_dir=str(media_dir))
    olga.refresh_from_db()
    assert (olga.last_name, olga.email) == ("Local", "olga@new.example")
    assert olga.has_usable_password()
    assert article(101).author == olga


def test_categories_are_flattened_and_the_report_says_so(imported):
    assert set(Category.objects.values_list("slug", "name")) == {
        ("region", "Region"), ("politics", "Politics & Power"), ("kultura", "Культура"),
        ("uncategorized", "Uncategorized"),
    }
    assert Category.objects.get(slug="politics").description == "Who decides, and how."
    assert "Category hierarchy flattened" in imported
    assert "politics (under region)" in imported


def test_tags_come_from_the_header_and_from_posts(imported):
    assert set(Tag.objects.values_list("slug", "name")) == {
        ("markets", "Markets"), ("water", "Water"), ("spring-prices", "Spring prices"),
    }
    assert set(article(101).tags.values_list("slug", flat=True)) == {"markets", "spring-prices"}
    assert set(article(101).categories.values_list("slug", flat=True)) == {"politics", "kultura"}


@pytest.mark.parametrize(
    ("wp_id", "status", "is_private"),
    [
        (101, Status.PUBLISHED, False),  # publish
        (103, Status.SCHEDULED, False),  # future
        (104, Status.PUBLISHED, True),  # private: published, not public
        (105, Status.DRAFT, False),  # draft
        (110, Status.DRAFT, False),  # pending
        (111, Status.PUBLISHED, False),  # password-protected: published, its text behind the password
    ],
)
def test_statuses_map_to_ours(imported, wp_id, status, is_private):
    imported_article = article(wp_id)
    assert (imported_article.status, imported_article.is_private) == (status, is_private)


def test_only_published_posts_are_visible_to_readers(imported):
    assert set(Article.objects.published().values_list("wordpress_id", flat=True)) == {101, 102, 111, 112, 113}


def test_trash_attachments_menus_and_broken_dates_are_not_articles(imported):
    assert not Article.objects.filter(wordpress_id__in=[20, 21, 106, 107, 109]).exists()
    assert "#107 “Thrown away” not imported: it is in the WordPress trash." in imported
    assert "skipped #106 “A post from a broken clock”: broken post_date_gmt “2023-02-30 05:00:00”" in imported
    assert "1 item(s) of type “nav_menu_item” not imported" in imported


def test_dates_come_from_gmt_and_a_draft_without_one_is_read_in_the_old_sites_time_zone(imported, settings):
    assert article(101).published_at == datetime(2023, 4, 12, 8, 30, tzinfo=UTC)
    assert article(103).published_at == datetime(2097, 1, 1, 18, 0, tzinfo=UTC)
    # The export's other dates are five hours ahead of GMT: 12:00 there is 07:00 GMT.
    assert article(105).published_at == datetime(2023, 6, 1, 7, 0, tzinfo=UTC)
    assert "#105 “Half-written thoughts on irrigation”: no post_date_gmt; used post_date" in imported
    assert "read in the old site's time zone Asia/" in imported


def test_slugs_come_from_post_name_made_ascii_or_from_the_title(imported):
    assert article(101).slug == "bazaar-prices-in-spring"
    assert article(102).slug == "novosti-iz-almaty"
    assert article(105).slug == "half-written-thoughts-on-irrigation"
    assert article(101).get_absolute_url() == "/2023/04/12/bazaar-prices-in-spring/"


def test_titles_and_non_ascii_text_survive(imported):
    assert article(102).title == "Новости из Алматы: весна на Зелёном базаре"
    assert "Zoë, our guest from Zürich, counted the domes: ✓ seven." in article(102).body


def test_excerpts_are_plain_text_or_derived_from_the_body(imported):
    assert article(101).excerpt == "What the stalls charge in April & why."
    assert article(103).excerpt == "Scheduled long in advance."


def test_comment_and_ping_status_become_the_article_switches(imported):
    assert (article(101).allow_comments, article(101).allow_pingbacks) == (True, True)
    assert (article(102).allow_comments, article(102).allow_pingbacks) == (False, False)


def test_body_is_converted_to_our_format(imported):
    body = article(101).body
    bazaar = Image.objects.get(wordpress_id=20)
    assert body.startswith("<p>Every April the stalls change colour.")
    assert "<p>We asked three traders what they expect.<br>\nOne said the same as last year.</p>" in body
    assert (
        f'<figure><a href="{bazaar.file.url}" rel="noopener noreferrer"><img src="{bazaar.file.url}" '
        f'alt="Fruit stalls under a blue awning" width="300" height="200" data-file="{bazaar.pk}"></a>'
        "<figcaption>The covered market at <em>nine in the morning</em></figcaption></figure>"
    ) in body
    # <b> from the classic editor is kept as the <strong> our editor writes.
    assert "<p><strong>Nobody</strong> expected cheaper bread.</p>" in body
    assert "[caption" not in body and "<!--" not in body and "srcset" not in body


def test_block_editor_post_loses_markers_and_embeds_and_points_to_the_imported_image(imported):
    body = article(102).body
    dome = Image.objects.get(wordpress_id=21)
    assert "wp:" not in body
    assert f'<img src="{dome.file.url}" alt="A blue dome against the sky" data-file="{dome.pk}">' in body
    assert "<figcaption>The blue dome</figcaption>" in body
    assert "iframe" not in body and "<figure></figure>" not in body


def test_links_to_missing_files_and_dropped_embeds_are_reported(imported):
    assert "[gallery" not in imported and "[gallery" not in article(101).body
    assert "links files that were not imported: 2023/05/missing-map.jpg" in imported
    assert "<iframe> ×1 in 1 article(s): #102" in imported


def test_attachments_are_copied_from_the_media_dir_with_renditions(imported):
    bazaar = Image.objects.get(wordpress_id=20)
    assert bazaar.wordpress_path == "2023/04/bazaar.jpg"
    assert (bazaar.width, bazaar.height) == (1200, 800)
    assert bazaar.alt_text == "Fruit stalls under a blue awning"
    assert bazaar.caption == "Apricots stacked by the kilo."
    assert bazaar.uploaded_by.username == "olga"
    assert bazaar.file.storage.exists(bazaar.file.name)
    assert bazaar.renditions.filter(format="webp").exists()


def test_featured_image_comes_from_thumbnail_id(imported):
    assert article(101).featured_image == Image.objects.get(wordpress_id=20)
    assert article(102).featured_image is None


def test_missing_and_non_picture_attachments_are_reported_not_fatal(imported):
    assert not Image.objects.filter(wordpress_id__in=[22, 23]).exists()
    assert "skipped attachment #22 “missing-map”: file missing:" in imported
    assert "2023/05/missing-map.jpg" in imported


def test_without_a_media_dir_articles_still_import(db, media_root):
    from tests.wordpress.conftest import run_import

    output = run_import()
    assert Article.objects.count() == 9
    assert not Image.objects.exists()
    assert "No --media-dir was given" in output
    assert "https://old-blog.example/wp-content/uploads/2023/04/bazaar.jpg" in article(101).body


def test_summary_counts_each_kind(imported):
    lines = imported.splitlines()
    header = next(index for index, line in enumerate(lines) if "created  updated  unchanged  skipped  warnings" in line)
    table = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[header + 1: header + 9]}
    assert table == {
        "authors": [2, 0, 0, 0, 0],
        "categories": [4, 0, 0, 0, 0],
        "tags": [3, 0, 0, 0, 0],
        "images": [2, 0, 0, 1, 1],
        "documents": [1, 0, 0, 0, 0],
        "articles": [9, 0, 0, 2, 4],
        "pages": [5, 0, 0, 0, 2],
        "comments": [12, 0, 0, 1, 3],
    }


def test_a_post_pending_review_is_a_draft_and_the_report_says_so(imported):
    assert "pending review in WordPress; imported as a draft for an editor to publish" in imported
