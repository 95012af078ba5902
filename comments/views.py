"""Readers' comment endpoints: the form POST and the privacy page.

The POST runs comments.pipeline step by step and never waits on Akismet: the
check is a background task, so the reader is redirected at once to the
comment's permalink, where a held comment is shown to its author only."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from articles.models import Article

from . import pipeline, spam
from .forms import CommentForm
from .models import DiscussionSettings
from .ratelimit import rate_limited

PENDING_COOKIE = "bd_pending_comments"
PENDING_SALT = "comments.pending"
PENDING_KEEP = 20
REMEMBER_COOKIE = "bd_commenter"
REMEMBER_SALT = "comments.remember"
REMEMBER_AGE = 365 * 24 * 3600


# --- Cookies: the reader's own held comments, and "remember me" ------------

def pending_ids(request):
    """Ids of held comments this browser posted, from a signed cookie; only
    those are shown to it with "Your comment is awaiting moderation."."""
    raw = request.get_signed_cookie(PENDING_COOKIE, default="", salt=PENDING_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_pending(request, response, comment_pk):
    ids = [pk for pk in pending_ids(request) if pk != comment_pk][-(PENDING_KEEP - 1):] + [comment_pk]
    response.set_signed_cookie(
        PENDING_COOKIE, ",".join(map(str, ids)), salt=PENDING_SALT, max_age=30 * 24 * 3600,
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )


def remembered_commenter(request):
    """Name, email and website saved by the "Save my name…" box, or {}."""
    raw = request.COOKIES.get(REMEMBER_COOKIE)
    if not raw:
        return {}
    try:
        data = signing.loads(raw, salt=REMEMBER_SALT)
    except signing.BadSignature:
        return {}
    return {key: str(data.get(key, ""))[:200] for key in ("name", "email", "url")}


def update_remember_cookie(request, response, data):
    if data.get("remember"):
        value = signing.dumps({key: data.get(key, "") for key in ("name", "email", "url")}, salt=REMEMBER_SALT)
        response.set_cookie(
            REMEMBER_COOKIE, value, max_age=REMEMBER_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")


# --- The POST ------------------------------------------------------------------

def _target_article(data):
    """The published article the form was for, or None for anything else."""
    if data.get("content_type") != "articles.article":
        return None
    object_pk = data.get("object_pk", "")
    if not object_pk.isdigit():
        return None
    return Article.objects.published().filter(pk=int(object_pk)).first()


def _bound_form(request, article, data=None):
    data = (data or request.POST).copy()
    if request.user.is_authenticated:
        # Logged-in staff comment under their account's name and address.
        data["name"] = request.user.get_full_name() or request.user.get_username()
        data["email"] = request.user.email
    return CommentForm(article, data=data)


def _refreshed_form(request, article):
    """The same typed data with a fresh timestamp and security hash, for a
    reader whose form expired: they can simply send it again."""
    data = request.POST.copy()
    fresh = CommentForm(article).initial
    for name in ("content_type", "object_pk", "timestamp", "security_hash"):
        data[name] = fresh[name]
    form = _bound_form(request, article, data)
    form.is_valid()
    form.add_error(None, pipeline.EXPIRED_MESSAGE)
    return form


def render_article_with_form(request, article, form, status=400):
    """The article page again, the form showing its messages and the typed
    text. H1's article view builds the page's context, so it stays the same page."""
    from articles.views import ArticleDetailView

    view = ArticleDetailView()
    local = timezone.localtime(article.published_at)
    view.setup(request, year=str(local.year), month=f"{local.month:02d}", day=f"{local.day:02d}", slug=article.slug)
    view.object = article
    context = view.get_context_data(object=article)
    context["comment_form"] = form
    return TemplateResponse(request, view.get_template_names(), context, status=status)


def comment_rate_limit():
    return settings.COMMENTS_POST_RATE_LIMIT


def comment_rate_window():
    return settings.COMMENTS_POST_RATE_WINDOW


@require_POST
@rate_limited("comment-post", limit=comment_rate_limit, window=comment_rate_window)
def post_comment(request):
    article = _target_article(request.POST)
    if article is None:
        return HttpResponseBadRequest(render_to_string("comments/bad_request.html", request=request))
    form = _bound_form(request, article)
    if not form.is_valid():
        problem = pipeline.integrity_problem(form)
        if problem == "honeypot":
            return HttpResponseBadRequest(render_to_string("comments/bad_request.html", request=request))
        if problem == "expired":
            form = _refreshed_form(request, article)
        return render_article_with_form(request, article, form)
    discussion = DiscussionSettings.load()
    refusals = pipeline.hard_rule_errors(form, article, discussion, request.user)
    if refusals:
        return render_article_with_form(request, article, form, status=403 if pipeline.CLOSED_MESSAGE in refusals else 400)
    with transaction.atomic():
        comment = pipeline.store_comment(form, article, request, discussion)
        pipeline.start_check(comment, discussion)
    response = HttpResponseRedirect(f"{article.get_absolute_url()}#comment-{comment.pk}", status=303)
    update_remember_cookie(request, response, form.cleaned_data)
    remember_pending(request, response, comment.pk)
    return response


class PrivacyPageView(TemplateView):
    """"Learn how your comment data is processed": what is stored, what
    Akismet receives, and how long it is all kept."""

    template_name = "comments/privacy_page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            discussion=DiscussionSettings.load(),
            akismet_on=spam.is_configured(),
            **kwargs,
        )
