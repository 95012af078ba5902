"""People and form posts the revision, autosave and edit-lock tests share."""

from django.contrib.auth.models import Group
from django.utils import timezone

from articles.richtext import derive_excerpt
from tests.factories import make_article, make_user


def form_saved_article(**fields):
    """An article as the form would have saved it: to the second, with the
    excerpt derived from the body, so a save that changes one field changes only that."""
    article = make_article(**fields)
    article.published_at = article.published_at.replace(microsecond=0)
    article.excerpt = derive_excerpt(article.body)
    article.save()
    return article


def member(username, group, **fields):
    return make_user(username=username, is_staff=True, groups=[Group.objects.get(name=group)], **fields)


def change_data(article, **overrides):
    """What the article form posts when nothing but ``overrides`` is edited."""
    when = timezone.localtime(article.published_at)
    data = {
        "title": article.title, "slug": article.slug, "body": article.body, "excerpt": article.excerpt,
        "status": article.status, "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"), "allow_comments": "on", "allow_pingbacks": "on",
        "language": article.language, "author": article.author_id,
        **({"email_subscribers": "on"} if article.email_subscribers else {}),
    }
    data.update(overrides)
    return data


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"
