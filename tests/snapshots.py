"""What a site shows, as plain data without database ids: two sites with
equal snapshots look the same to readers, authors and moderators. Used to
check that an export, an import or a backup brings everything across."""

import re

from articles.models import Article, Document, Image, Page
from comments.models import Comment


def normal_body(body):
    """A body with what a new site must renumber (file names, picture and document ids) blanked."""
    body = re.sub(r'href="/documents/\d+/[^"]*"', 'href="/documents/"', body)
    return re.sub(r'(src|data-file)="[^"]*"', r'\1=""', body)


def site_snapshot():
    """Everything a reader, an author or a moderator sees, without database ids."""
    articles = {}
    for article in Article.objects.select_related("author", "featured_image").prefetch_related("categories", "tags"):
        comments = Comment.objects.for_article(article).order_by("thread_id", "order")
        by_pk = {comment.pk: comment for comment in comments}
        articles[(article.slug, article.published_at)] = {
            "title": article.title,
            "author": (article.author.username, article.author.get_full_name(), article.author.email),
            "body": normal_body(article.body),
            "summary": article.summary,
            # A published article with a future date is what WordPress calls scheduled.
            "status": (article.display_status, article.is_private, article.is_public),
            "discussion": (article.allow_comments, article.allow_pingbacks),
            "visibility": (article.sticky, article.password),
            "categories": sorted((c.slug, c.name, c.description) for c in article.categories.all()),
            "tags": sorted((t.slug, t.name) for t in article.tags.all()),
            "featured": article.featured_image and (article.featured_image.alt_text, article.featured_image.caption),
            "comments": [
                (
                    # WordPress keeps dates to the second.
                    c.user_name, c.user_email, c.user_url, c.comment, c.submit_date.replace(microsecond=0),
                    c.ip_address, c.status, c.type,
                    c.source_url, c.level,
                    by_pk[c.parent_id].comment if c.parent_id in by_pk and c.parent_id != c.pk else None,
                )
                for c in comments
            ],
        }
    images = sorted((image.alt_text, image.caption, image.width, image.height) for image in Image.objects.all())
    pages = {
        page.get_absolute_url(): (
            page.title, normal_body(page.body), page.status, page.order, page.author and page.author.username,
            page.created_at.replace(microsecond=0),
        )
        for page in Page.objects.select_related("author", *Page.ANCESTORS)
    }
    documents = sorted((d.title, d.kind, d.size) for d in Document.objects.all())
    return {"articles": articles, "images": images, "documents": documents, "pages": pages}
