"""Roles: Authors work on their own articles only, Editors on everyone's,
Moderators on comments only, all checked through the admin over HTTP."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Image
from tests.factories import make_article, make_image, make_user

pytestmark = pytest.mark.django_db


def member(username, group, **fields):
    return make_user(username=username, is_staff=True, groups=[Group.objects.get(name=group)], **fields)


@pytest.fixture
def writer():
    return member("nadia", "Authors", first_name="Nadia", last_name="Rahimova")


@pytest.fixture
def other_writer():
    return member("lena", "Authors", first_name="Lena", last_name="Brandt")


@pytest.fixture
def editor():
    return member("mira", "Editors")


@pytest.fixture
def moderator():
    return member("kemal", "Moderators")


@pytest.fixture
def theirs(other_writer):
    return make_article(title="Lena's border notes", author=other_writer, status=Article.Status.DRAFT,
                        body="<p>Secret draft words.</p>")


@pytest.fixture
def mine(writer):
    return make_article(title="Nadia's market notes", author=writer, status=Article.Status.DRAFT)


def change_data(article, **overrides):
    when = timezone.localtime(article.published_at)
    data = {
        "title": article.title, "slug": article.slug, "body": article.body, "excerpt": article.excerpt,
        "status": article.status, "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"), "allow_comments": "on", "allow_pingbacks": "on",
    }
    data.update(overrides)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


class TestGroups:
    def test_the_three_roles_exist_with_their_permissions(self):
        def codes(name):
            return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}

        authors, editors, moderators = codes("Authors"), codes("Editors"), codes("Moderators")
        assert {"articles.add_article", "articles.change_article", "articles.add_image",
                "articles.view_category", "articles.view_tag"} <= authors
        assert "articles.edit_any_article" not in authors
        assert not {"articles.add_category", "articles.change_tag"} & authors
        assert {"articles.edit_any_article", "articles.change_category", "articles.add_tag",
                "articles.delete_image"} <= editors
        assert {"comments.view_comment", "comments.change_comment"} <= moderators
        assert all(code.startswith(("comments.", "django_comments.")) for code in moderators)


class TestAuthors:
    def test_an_author_sees_only_their_own_articles_in_the_list(self, client, writer, mine, theirs):
        client.force_login(writer)
        response = client.get(reverse("admin:articles_article_changelist"))
        assert response.status_code == 200
        assert [a.pk for a in response.context["cl"].result_list] == [mine.pk]
        assert "Lena&#x27;s border notes" not in response.content.decode()

    def test_an_author_cannot_open_someone_elses_article(self, client, writer, theirs):
        client.force_login(writer)
        response = client.get(change_url(theirs))
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
        followed = client.get(change_url(theirs), follow=True).content.decode()
        assert "Secret draft words" not in followed

    def test_an_author_cannot_change_or_publish_someone_elses_article(self, client, writer, theirs):
        client.force_login(writer)
        client.post(change_url(theirs), change_data(theirs, title="Hijacked", status=Article.Status.PUBLISHED))
        theirs.refresh_from_db()
        assert (theirs.title, theirs.status) == ("Lena's border notes", Article.Status.DRAFT)

    def test_an_author_cannot_delete_someone_elses_article(self, client, writer, theirs):
        client.force_login(writer)
        url = reverse("admin:articles_article_delete", args=[theirs.pk])
        client.post(url, {"post": "yes"})
        assert Article.objects.filter(pk=theirs.pk).exists()

    def test_an_author_edits_and_publishes_their_own_article(self, client, writer, mine):
        client.force_login(writer)
        assert client.get(change_url(mine)).status_code == 200
        response = client.post(
            change_url(mine),
            change_data(mine, title="Market notes, revised", status=Article.Status.PUBLISHED,
                        published_at_0=(timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%d"),
                        published_at_1=(timezone.now() - timedelta(hours=2)).strftime("%H:%M:%S")),
        )
        assert response.status_code == 302
        mine.refresh_from_db()
        assert mine.title == "Market notes, revised"
        assert mine.is_public

    def test_an_author_cannot_choose_another_author(self, client, writer, other_writer):
        client.force_login(writer)
        add_page = client.get(reverse("admin:articles_article_add")).content.decode()
        author_select = add_page.split('name="author"', 1)[1].split("</select>", 1)[0]
        assert "disabled" in author_select.split(">", 1)[0]
        assert f'<option value="{writer.pk}" selected>Nadia Rahimova</option>' in author_select
        assert f'value="{other_writer.pk}"' not in author_select
        when = timezone.now()
        response = client.post(reverse("admin:articles_article_add"), {
            "title": "Signed by someone else?", "body": "<p>x</p>", "status": Article.Status.DRAFT,
            "published_at_0": when.strftime("%Y-%m-%d"), "published_at_1": when.strftime("%H:%M:%S"),
            "author": other_writer.pk,
        })
        assert response.status_code == 302
        assert Article.objects.get(title="Signed by someone else?").author == writer

    def test_an_author_cannot_hand_their_article_to_someone_else(self, client, writer, other_writer, mine):
        client.force_login(writer)
        client.post(change_url(mine), change_data(mine, author=other_writer.pk))
        mine.refresh_from_db()
        assert mine.author == writer

    def test_an_author_may_look_at_categories_but_not_add_them(self, client, writer):
        client.force_login(writer)
        assert client.get(reverse("admin:articles_category_changelist")).status_code == 200
        assert client.get(reverse("admin:articles_category_add")).status_code == 403

    def test_an_author_may_pick_anyones_picture_but_edit_only_their_own(self, client, writer, other_writer):
        others_picture = make_image(alt_text="Lena's picture", uploaded_by=other_writer)
        own_picture = make_image(alt_text="Nadia's picture", uploaded_by=writer)
        client.force_login(writer)
        picker = client.get(reverse("admin:articles_article_image_picker")).content.decode()
        assert "Lena&#x27;s picture" in picker
        url = reverse("admin:articles_image_change", args=[others_picture.pk])
        client.post(url, {"alt_text": "Renamed by Nadia", "caption": ""})
        others_picture.refresh_from_db()
        assert others_picture.alt_text == "Lena's picture"
        own_url = reverse("admin:articles_image_change", args=[own_picture.pk])
        assert client.post(own_url, {"alt_text": "Better alt text", "caption": ""}).status_code == 302
        assert Image.objects.get(pk=own_picture.pk).alt_text == "Better alt text"


    def test_an_author_can_search_pictures_and_tags_in_the_form(self, client, writer):
        make_image(alt_text="Apricot stall")
        client.force_login(writer)
        params = {"app_label": "articles", "model_name": "article", "term": "apricot"}
        pictures = client.get(reverse("admin:autocomplete"), {**params, "field_name": "featured_image"})
        assert [r["text"] for r in pictures.json()["results"]] == ["Apricot stall"]
        tags = client.get(reverse("admin:autocomplete"), {**params, "field_name": "tags"})
        assert tags.status_code == 200


class TestEditors:
    def test_an_editor_sees_and_changes_everyones_articles(self, client, editor, mine, theirs):
        client.force_login(editor)
        listed = client.get(reverse("admin:articles_article_changelist")).context["cl"].result_list
        assert {a.pk for a in listed} == {mine.pk, theirs.pk}
        assert client.get(change_url(theirs)).status_code == 200
        response = client.post(change_url(theirs), change_data(theirs, title="Edited by Mira",
                                                                author=theirs.author_id))
        assert response.status_code == 302
        theirs.refresh_from_db()
        assert theirs.title == "Edited by Mira"

    def test_an_editor_can_reassign_the_author(self, client, editor, writer, theirs):
        client.force_login(editor)
        client.post(change_url(theirs), change_data(theirs, author=writer.pk))
        theirs.refresh_from_db()
        assert theirs.author == writer

    def test_the_author_choices_name_people(self, client, editor, writer):
        client.force_login(editor)
        html = client.get(reverse("admin:articles_article_add")).content.decode()
        assert f'<option value="{writer.pk}">Nadia Rahimova</option>' in html


class TestModerators:
    def test_a_moderator_cannot_touch_articles(self, client, moderator, theirs):
        client.force_login(moderator)
        assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
        assert client.get(change_url(theirs)).status_code == 403
        client.post(change_url(theirs), change_data(theirs, title="Moderated?", author=theirs.author_id))
        theirs.refresh_from_db()
        assert theirs.title == "Lena's border notes"

    def test_a_moderator_holds_the_comment_permissions(self, moderator):
        assert moderator.has_perm("comments.change_comment")
        assert moderator.has_perm("django_comments.can_moderate")
        assert not moderator.has_perm("articles.change_article")
