"""Readers' comment endpoints: the form POST, the privacy page, and the
follow-up subscription links (confirm, unsubscribe).

The POST runs comments.pipeline step by step and never waits on Akismet: the
check is a background task, so the reader is redirected at once to the
comment's permalink, where a held comment is shown to its author only."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from articles import protection
from articles.models import Article
from articles.views import render_article
from bluedomes.ratelimit import rate_limited

from . import akismet, pipeline, subscriptions
from .cookies import remember_pending, update_remember_cookie
from .forms import CommentForm
from .models import DiscussionSettings

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


def comment_rate_limit():
    return settings.COMMENTS_POST_RATE_LIMIT


def comment_rate_window():
    return settings.COMMENTS_POST_RATE_WINDOW


@require_POST
@rate_limited("comment-post", limit=comment_rate_limit, window=comment_rate_window)
def post_comment(request):
    article = _target_article(request.POST)
    # Comments behind a password are read and written only by readers who typed it.
    if article is None or protection.is_locked(request, article):
        return HttpResponseBadRequest(render_to_string("comments/bad_request.html", request=request))
    form = _bound_form(request, article)
    if not form.is_valid():
        problem = pipeline.integrity_problem(form)
        if problem == "honeypot":
            return HttpResponseBadRequest(render_to_string("comments/bad_request.html", request=request))
        if problem == "expired":
            form = _refreshed_form(request, article)
        return render_article(request, article, comment_form=form, status=400)
    discussion = DiscussionSettings.load()
    refusals = pipeline.hard_rule_errors(form, article, discussion, request.user)
    if refusals:
        return render_article(request, article, comment_form=form, status=403 if pipeline.CLOSED_MESSAGE in refusals else 400)
    with transaction.atomic():
        comment = pipeline.store_comment(form, article, request, discussion)
        pipeline.start_check(comment, discussion)
    response = HttpResponseRedirect(comment.get_absolute_url(article), status=303)
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
            akismet_on=akismet.is_configured(),
            **kwargs,
        )


class ConfirmSubscriptionView(View):
    """GET shows a button, POST confirms: mail scanners that open every link
    in a message must not be able to subscribe anyone."""

    template_name = "comments/subscriptions/confirm.html"

    def get(self, request, token):
        return self._answer(request, token, done=False)

    def post(self, request, token):
        return self._answer(request, token, done=True)

    def _answer(self, request, token, *, done):
        try:
            subscription = subscriptions.from_confirm_token(token)
        except signing.BadSignature:
            return _invalid_link(request)
        if done and subscription is not None:
            subscriptions.confirm(subscription)
        return render(request, self.template_name, {"subscription": subscription, "done": done})


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """GET shows a button; POST unsubscribes. The signed token is the
    credential, so POST needs no CSRF token: mail clients send RFC 8058
    one-click unsubscribes as a bare POST to the List-Unsubscribe URL."""

    template_name = "comments/subscriptions/unsubscribe.html"

    def get(self, request, token):
        try:
            subscription = subscriptions.from_unsubscribe_token(token)
        except signing.BadSignature:
            return _invalid_link(request)
        return render(request, self.template_name, {"subscription": subscription, "done": False})

    def post(self, request, token):
        try:
            subscription = subscriptions.from_unsubscribe_token(token)
        except signing.BadSignature:
            return _invalid_link(request)
        article = subscription.article if subscription else None
        if subscription is not None:
            subscription.delete()
        return render(request, self.template_name, {"subscription": None, "article": article, "done": True})


def _invalid_link(request):
    return render(request, "comments/subscriptions/invalid_link.html", status=400)
