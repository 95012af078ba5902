"""Readers' comment endpoints: the form POST, the privacy page, readers'
requests for their own data, and the follow-up subscription links (confirm,
unsubscribe).

The POST runs comments.pipeline step by step and never waits on Akismet: the
check is a background task, so the reader is redirected at once to the
comment's permalink, where a held comment is shown to its author only."""

from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from articles import likes, protection
from articles.models import Article
from articles.views import render_article
from bluedomes.anonymous_posts import csrf_unless_anonymous
from bluedomes.params import parse_id
from bluedomes.prepared import PreparedQuery
from bluedomes.ratelimit import rate_limited

from . import akismet, pipeline, reports, subscriptions
from .cookies import remember_pending, update_remember_cookie
from .forms import CommentForm, DataRequestForm, ReportForm
from .models import Comment, CommentPages, DiscussionSettings
from .moderator import action_links, email_actions
from .privacy import selfservice
from .privacy.notice import site_cookies

# --- The POST ------------------------------------------------------------------

_published_article = PreparedQuery(Article, lambda now, pk: Article.objects.published(now).filter(pk=pk)[:1])


def _target_article(data):
    """The published article the form was for, or None for anything else."""
    if data.get("content_type") != "articles.article":
        return None
    object_pk = parse_id(data.get("object_pk", ""))
    if object_pk is None:
        return None
    found = _published_article(timezone.now(), object_pk)
    return found[0] if found else None


def _bound_form(request, article, data=None, discussion=None):
    data = (data or request.POST).copy()
    signed_in = request.user.is_authenticated
    if signed_in:
        # Logged-in staff comment under their account's name and address.
        data["name"] = request.user.get_full_name() or request.user.get_username()
        data["email"] = request.user.email
    required = (discussion or DiscussionSettings.load()).require_name_email and not signed_in
    return CommentForm(article, data=data, require_name_email=required)


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


def _landing_url(comment, article, discussion):
    """Where the reader of a comment just stored is sent: its place on its
    comment page. A new thread is the newest of all."""
    pages = CommentPages(article, discussion)
    if comment.thread_id == comment.pk:
        return f"{pages.path_of_new_thread()}#{comment.anchor}"
    return comment.get_absolute_url(article, pages)


# A reader without a session posts from the shared cached page, which has no
# CSRF token: bluedomes.anonymous_posts says what protects that POST instead.
@csrf_unless_anonymous
@require_POST
@rate_limited("comment-post", limit=comment_rate_limit, window=comment_rate_window)
def post_comment(request):
    article = _target_article(request.POST)
    # Comments behind a password are read and written only by readers who typed it.
    if article is None or protection.is_locked(request, article):
        return HttpResponseBadRequest(render_to_string("comments/bad_request.html", request=request))
    discussion = DiscussionSettings.load()
    form = _bound_form(request, article, discussion=discussion)
    if not form.is_valid():
        problem = form.integrity_problem()
        if problem == "honeypot":
            return HttpResponseBadRequest(render_to_string("comments/bad_request.html", request=request))
        if problem == "expired":
            form = _refreshed_form(request, article)
        return render_article(request, article, comment_form=form, status=400)
    refusals = pipeline.hard_rule_errors(form, article, discussion, request.user)
    if refusals:
        status = 403 if pipeline.CLOSED_MESSAGE in refusals else 400
        return render_article(request, article, comment_form=form, status=status)
    comment, disallowed_key = pipeline.reader_submission(form, article, request, discussion)
    with transaction.atomic():
        pipeline.store(comment, disallowed_key)
        pipeline.start_check(comment, discussion)
    response = HttpResponseRedirect(_landing_url(comment, article, discussion), status=303)
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
            contact_email=parseaddr(settings.PRIVACY_CONTACT_EMAIL)[1],
            cookies=site_cookies(),
            **kwargs,
        )


@method_decorator(rate_limited("data-request", limit=5, window=3600), name="dispatch")
class DataRequestView(FormView):
    """A reader asks for an export or an erasure by email address. The answer
    is the same whether or not the address has comments here."""

    template_name = "comments/data_request.html"
    form_class = DataRequestForm

    def form_valid(self, form):
        selfservice.ask(form.cleaned_data["email"], form.cleaned_data["kind"])
        return self.render_to_response(self.get_context_data(sent=True, email=form.cleaned_data["email"]))


class DataRequestConfirmView(View):
    """The emailed link: GET shows a button (mail scanners open links), POST
    acts once: the export is downloaded, or the erasure done and shown."""

    template_name = "comments/data_request_confirm.html"

    def get(self, request, token):
        found = selfservice.read_token(token)
        if found is None:
            return self._invalid(request)
        email, kind = found
        used = selfservice.already_used(token)
        return render(request, self.template_name, {"email": email, "kind": kind, "used": used})

    def post(self, request, token):
        found = selfservice.read_token(token)
        if found is None:
            return self._invalid(request)
        email, kind = found
        outcome = selfservice.carry_out(token, email, kind)
        if outcome is None:
            return render(request, self.template_name, {"email": email, "kind": kind, "used": True}, status=410)
        record, data = outcome
        if data is None:
            return render(request, self.template_name, {"email": email, "kind": kind, "record": record})
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
        response["Cache-Control"] = "no-store"
        return response

    def _invalid(self, request):
        return render(request, self.template_name, {"invalid": True}, status=400)


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


@method_decorator(rate_limited("comment-report", limit=reports.PER_IP_PER_HOUR, window=3600), name="dispatch")
class ReportCommentView(View):
    """A reader reports a published comment: GET the form, POST the report.
    Answered the same way whether or not it holds the comment, so a reader
    cannot tell how many others reported it."""

    template_name = "comments/report.html"

    def _comment(self, pk):
        comment = get_object_or_404(Comment.objects.approved().filter(type=Comment.Type.COMMENT), pk=pk)
        article = comment.content_object
        if not isinstance(article, Article) or not article.is_public:
            raise Http404("No such comment")
        return comment, article

    def _page(self, request, comment, article, form, *, done=False, again=False, status=200):
        context = {"comment": comment, "article": article, "form": form, "done": done, "again": again,
                   "comment_url": comment.get_absolute_url(article)}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        comment, article = self._comment(pk)
        return self._page(request, comment, article, ReportForm())

    def post(self, request, pk):
        comment, article = self._comment(pk)
        form = ReportForm(request.POST)
        if not form.is_valid():
            return self._page(request, comment, article, form, status=400)
        token = likes.reader_token(request) or likes.new_reader_token()
        recorded = reports.report(
            comment, reason=form.cleaned_data["reason"], details=form.cleaned_data["details"],
            token=token, hashed_ip=likes.reader_ip_hash(request),
        )
        response = self._page(request, comment, article, None, done=True, again=not recorded)
        likes.remember_reader(response, request, token)
        return response


class EmailActionView(View):
    """A moderator's Approve / Spam / Trash link (comments.moderator.action_links): GET
    shows the comment and one button, POST acts. Mail scanners only GET."""

    template_name = "comments/email_action.html"
    refused_status = {"invalid": 400, "expired": 410, "used": 409}

    def get(self, request, token):
        return self._answer(request, token, act=False)

    def post(self, request, token):
        return self._answer(request, token, act=True)

    def _answer(self, request, token, *, act):
        context = {"queue_url": reverse("admin:comments_comment_changelist") + "?status=pending"}
        try:
            action = action_links.read(token)
            comment = email_actions.perform(action) if act else action.comment
        except action_links.LinkRefused as refusal:
            context.update(refused=action_links.refusal_message(refusal.reason), comment=refusal.comment)
            return render(request, self.template_name, context, status=self.refused_status[refusal.reason])
        return render(request, self.template_name, {**context, "action": action, "comment": comment, "done": act})


def _invalid_link(request):
    return render(request, "comments/subscriptions/invalid_link.html", status=400)
