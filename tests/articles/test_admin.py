"""Writing articles in the admin, over HTTP as an editor's browser would."""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Image
from articles.richtext import derive_excerpt
from comments.models import Comment
from tests.factories import make_article, make_category, make_tag, make_user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(**overrides):
    """What the article form posts, with a publication date split into the
    admin's date and time inputs."""
    when = overrides.pop("published_at", timezone.now() - timedelta(hours=1))
    data = {
        "title": "Tea at the border",
        "slug": "",
        "body": "<p>The queue moved slowly.</p>",
        "excerpt": "",
        "featured_image": "",
        "status": Article.Status.DRAFT,
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"),
        "allow_comments": "on",
        "allow_pingbacks": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_comment(article, status):
    comment = Comment(
        content_object=article, site_id=1, user_name="Reader", user_email="reader@example.org",
        comment="A thought.", status=status, is_public=status == Comment.Status.APPROVED,
    )
    comment.save()
    return comment


@pytest.fixture
def editor(db):
    return make_user(username="ed", first_name="Eda", last_name="Editor", is_staff=True,
                     groups=[Group.objects.get(name="Editors")])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def form(editor):
    """form_data as an editor who names themselves the author posts it."""
    return lambda **overrides: form_data(**{"author": editor.pk, **overrides})


class TestWriting:
    def test_an_article_is_saved_with_clean_body_slug_and_excerpt(self, form, editor_client, editor):
        response = editor_client.post(
            reverse("admin:articles_article_add"),
            form(body='<p onclick="steal()">The queue moved <strong>slowly</strong>.</p>'
                           "<script>alert(1)</script><h2>Later</h2><p>Then it stopped.</p>"),
        )
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.slug == "tea-at-the-border"
        assert article.body == "<p>The queue moved <strong>slowly</strong>.</p><h2>Later</h2><p>Then it stopped.</p>"
        assert article.excerpt == "The queue moved slowly. Later Then it stopped."
        assert article.author == editor

    def test_the_add_form_offers_the_current_user_as_author_and_the_editor(self, editor_client, editor):
        html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
        assert f'<option value="{editor.pk}" selected>Eda Editor</option>' in html
        config = html.split("data-django-prose-editor-configurable=\"", 1)[1].split('"', 1)[0]
        config = json.loads(config.replace("&quot;", '"'))
        assert config["extensions"]["Figure"]["pickerUrl"] == reverse("admin:articles_article_image_picker")
        assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]}

    def test_published_with_a_future_date_is_saved_as_scheduled_and_says_so(self, form, editor_client):
        future = timezone.now() + timedelta(days=3)
        response = editor_client.post(
            reverse("admin:articles_article_add"),
            form(status=Article.Status.PUBLISHED, published_at=future),
            follow=True,
        )
        article = Article.objects.get()
        assert article.status == Article.Status.SCHEDULED
        assert not Article.objects.published().exists()
        messages = [str(m) for m in response.context["messages"]]
        assert any("scheduled" in m and "appear by itself" in m for m in messages)

    def test_scheduled_with_a_past_date_is_published_and_says_so(self, form, editor_client):
        response = editor_client.post(
            reverse("admin:articles_article_add"),
            form(status=Article.Status.SCHEDULED, published_at=timezone.now() - timedelta(days=1)),
            follow=True,
        )
        assert Article.objects.get().status == Article.Status.PUBLISHED
        assert any("already passed" in str(m) for m in response.context["messages"])

    def test_a_derived_excerpt_follows_the_body_but_a_written_one_stays(self, form, editor_client):
        editor_client.post(reverse("admin:articles_article_add"), form(body="<p>First words.</p>"))
        article = Article.objects.get()
        assert article.excerpt == "First words."

        editor_client.post(change_url(article), form(slug=article.slug, body="<p>Second words.</p>",
                                                          excerpt=article.excerpt))
        article.refresh_from_db()
        assert article.excerpt == "Second words."

        editor_client.post(change_url(article), form(slug=article.slug, body="<p>Third words.</p>",
                                                          excerpt="Written by hand."))
        editor_client.post(change_url(article), form(slug=article.slug, body="<p>Fourth words.</p>",
                                                          excerpt="Written by hand."))
        article.refresh_from_db()
        assert article.excerpt == "Written by hand."

    def test_a_slug_typed_twice_on_one_day_is_refused(self, form, editor_client, editor):
        day = timezone.now() - timedelta(days=2)
        make_article(title="Tea at the border", author=editor, published_at=day)
        response = editor_client.post(
            reverse("admin:articles_article_add"), form(published_at=day, slug="tea-at-the-border")
        )
        assert response.status_code == 200
        assert "Another article published on the same day already has this slug" in response.content.decode()
        assert Article.objects.count() == 1

        response = editor_client.post(
            reverse("admin:articles_article_add"), form(published_at=day - timedelta(days=1), slug="tea-at-the-border")
        )
        assert response.status_code == 302
        assert Article.objects.filter(slug="tea-at-the-border").count() == 2

    def test_a_slug_made_from_a_title_taken_that_day_gets_a_number(self, form, editor_client, editor):
        day = timezone.now() - timedelta(days=2)
        make_article(title="Tea at the border", author=editor, published_at=day)
        response = editor_client.post(reverse("admin:articles_article_add"), form(published_at=day))
        assert response.status_code == 302
        assert sorted(Article.objects.values_list("slug", flat=True)) == ["tea-at-the-border", "tea-at-the-border-2"]

    def test_a_featured_image_can_be_uploaded_with_the_article(self, form, editor_client, editor):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1000, 600), (10, 90, 150)).save(buffer, "JPEG")
        response = editor_client.post(
            reverse("admin:articles_article_add"),
            form(
                featured_upload=SimpleUploadedFile("cover.jpg", buffer.getvalue(), "image/jpeg"),
                featured_alt_text="Trucks waiting at dawn",
                featured_caption="The queue at six in the morning.",
            ),
        )
        assert response.status_code == 302
        image = Article.objects.get().featured_image
        assert (image.alt_text, image.caption, image.uploaded_by) == (
            "Trucks waiting at dawn", "The queue at six in the morning.", editor,
        )
        assert image.renditions.filter(format="webp").exists()

    def test_a_bad_featured_image_is_a_form_error(self, form, editor_client):
        response = editor_client.post(
            reverse("admin:articles_article_add"),
            form(featured_upload=SimpleUploadedFile("cover.jpg", b"not a picture", "image/jpeg")),
        )
        assert response.status_code == 200
        assert "This file is not a picture we can read." in response.content.decode()
        assert not Article.objects.exists() and not Image.objects.exists()

    def test_an_existing_picture_can_be_picked_as_featured_image(self, form, editor_client):
        from tests.factories import make_image

        image = make_image(alt_text="Old gate")
        editor_client.post(reverse("admin:articles_article_add"), form(featured_image=image.pk))
        assert Article.objects.get().featured_image == image


class TestArticleList:
    def test_it_shows_status_as_readers_see_it_and_comment_counts(self, editor_client, editor):
        public = make_article(title="Out already", author=editor)
        make_comment(public, Comment.Status.APPROVED)
        make_comment(public, Comment.Status.APPROVED)
        make_comment(public, Comment.Status.PENDING)
        make_comment(public, Comment.Status.SPAM)
        make_article(title="Coming soon", author=editor, status=Article.Status.PUBLISHED,
                     published_at=timezone.now() + timedelta(days=2))
        make_article(title="Half written", author=editor, status=Article.Status.DRAFT)

        response = editor_client.get(reverse("admin:articles_article_changelist"))
        rows = {article.title: article for article in response.context["cl"].result_list}
        assert rows["Out already"].approved_comments == 2
        assert rows["Out already"].pending_comments == 1
        html = response.content.decode()
        assert "2 <strong>(1 pending)</strong>" in html
        assert '<td class="field-status_column">Scheduled</td>' in html
        assert '<td class="field-status_column">Draft</td>' in html
        assert '<td class="field-status_column">Published</td>' in html

    def test_drafts_link_to_the_staff_preview_and_public_articles_to_their_page(self, editor_client, editor):
        public = make_article(title="Out already", author=editor)
        draft = make_article(title="Half written", author=editor, status=Article.Status.DRAFT)
        html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert f'href="{public.get_absolute_url()}"' in html
        try:
            preview = reverse("articles:preview", kwargs={"pk": draft.pk})
        except NoReverseMatch:
            preview = draft.get_absolute_url()
        assert f'href="{preview}"' in html

    def test_the_status_filter_uses_the_readers_rule(self, editor_client, editor):
        make_article(title="Out already", author=editor)
        make_article(title="Coming soon", author=editor, status=Article.Status.PUBLISHED,
                     published_at=timezone.now() + timedelta(days=2))
        url = reverse("admin:articles_article_changelist")
        scheduled = editor_client.get(url, {"status": "scheduled"}).context["cl"].result_list
        published = editor_client.get(url, {"status": "published"}).context["cl"].result_list
        assert [a.title for a in scheduled] == ["Coming soon"]
        assert [a.title for a in published] == ["Out already"]

    def test_filters_by_author_and_category_and_search_over_bodies(self, editor_client, editor):
        other = make_user(username="nadia", is_staff=True)
        economy = make_category(name="Economy")
        make_article(title="Prices", author=other, categories=[economy], body="<p>apricots and melons</p>")
        make_article(title="Trains", author=editor)
        url = reverse("admin:articles_article_changelist")
        by_author = editor_client.get(url, {"author__id__exact": other.pk}).context["cl"].result_list
        by_category = editor_client.get(url, {"categories__id__exact": economy.pk}).context["cl"].result_list
        found = editor_client.get(url, {"q": "melons"}).context["cl"].result_list
        assert [a.title for a in by_author] == [a.title for a in by_category] == [a.title for a in found] == ["Prices"]

    def test_the_list_costs_the_same_queries_for_few_or_many_articles(
        self, editor_client, editor, django_assert_max_num_queries
    ):
        url = reverse("admin:articles_article_changelist")

        def add_articles(count):
            for _ in range(count):
                article = make_article(author=make_user(is_staff=True), categories=[make_category()],
                                       tags=[make_tag()])
                make_comment(article, Comment.Status.APPROVED)
                make_comment(article, Comment.Status.PENDING)

        add_articles(2)
        editor_client.get(url)  # content types and sessions warmed up
        with CaptureQueriesContext(connection) as few:
            editor_client.get(url)
        add_articles(20)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = editor_client.get(url)
        assert len(response.context["cl"].result_list) == 22


class TestAdminSite:
    def test_the_admin_carries_the_sites_name_and_icon(self, editor_client, settings):
        settings.SITE_NAME = "Синие купола"
        html = editor_client.get(reverse("admin:index")).content.decode()
        assert ">Синие купола</a>" in html
        assert "| Синие купола</title>" in html
        assert 'rel="icon" href="/static/favicon.svg"' in html

    def test_categories_and_tags_have_a_live_slug_and_search(self, editor_client):
        make_category(name="Borders & Diplomacy", slug="diplomacy")
        make_tag(name="rail")
        html = editor_client.get(reverse("admin:articles_category_add")).content.decode()
        assert 'data-slug-source="id_name"' in html and 'data-slug-kind="category"' in html
        found = editor_client.get(reverse("admin:articles_category_changelist"), {"q": "Diplomacy"})
        assert [c.slug for c in found.context["cl"].result_list] == ["diplomacy"]
        found = editor_client.get(reverse("admin:articles_tag_changelist"), {"q": "rail"})
        assert [t.slug for t in found.context["cl"].result_list] == ["rail"]

    def test_view_on_site_from_the_change_form_uses_the_preview_for_drafts(self, editor_client, editor):
        draft = make_article(author=editor, status=Article.Status.DRAFT)
        html = editor_client.get(change_url(draft)).content.decode()
        try:
            expected = reverse("articles:preview", kwargs={"pk": draft.pk})
        except NoReverseMatch:
            expected = draft.get_absolute_url()
        assert f'href="{expected}"' in html

    def test_derive_excerpt_matches_what_the_form_stores(self, form, editor_client):
        body = "<p>" + " ".join(f"w{i}" for i in range(80)) + "</p>"
        editor_client.post(reverse("admin:articles_article_add"), form(body=body))
        assert Article.objects.get().excerpt == derive_excerpt(body)


def test_the_admin_article_search_ignores_cyrillic_case(editor_client):
    make_article(title="Алматы и горы", slug="almaty")
    make_article(title="Another story", slug="another")
    found = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "АЛМАТЫ"})
    assert [a.title for a in found.context["cl"].result_list] == ["Алматы и горы"]
