"""The follow form and the pages its emails link to.

Every page that acts (confirm, unsubscribe) shows a button on GET and acts
on POST: mail scanners open every link in a message and must not be able to
subscribe or unsubscribe anyone. The signed token is the credential."""

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from bluedomes.clientip import client_ip
from bluedomes.ratelimit import rate_limited

from . import signup
from .forms import FollowForm, ManageForm


def _invalid_link(request):
    return render(request, "subscribers/invalid_link.html", status=400)


def follow_rate_limit():
    return settings.SUBSCRIBERS_FOLLOW_RATE_LIMIT


# No CSRF: the footer form is in pages the cache shares between readers, and
# what a forged POST can do here is what anyone can do by typing an address
# in: one rate-limited confirmation email that needs the recipient's click.
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(rate_limited("follow", limit=follow_rate_limit, window=lambda: 3600), name="dispatch")
class FollowView(FormView):
    """GET: the full form (categories, digest). POST: the same answer for any
    address, known or not, so the form does not tell who follows the site."""

    form_class = FollowForm
    template_name = "subscribers/follow.html"

    def form_valid(self, form):
        signup.request_follow(
            form.cleaned_data["email"], ip=client_ip(self.request),
            categories=form.cleaned_data["categories"], languages=form.cleaned_data["languages"],
            frequency=form.cleaned_data["frequency"],
        )
        return render(self.request, "subscribers/check_inbox.html", {"email": form.cleaned_data["email"]})

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ConfirmView(View):
    template_name = "subscribers/confirm.html"

    def get(self, request, token):
        return self._answer(request, token, done=False)

    def post(self, request, token):
        return self._answer(request, token, done=True)

    def _answer(self, request, token, *, done):
        try:
            subscriber = signup.from_confirm_token(token)
        except signing.BadSignature:
            return _invalid_link(request)
        if done and subscriber is not None and not subscriber.is_active:
            subscriber.confirm()
        context = {"subscriber": subscriber, "done": done}
        if subscriber is not None:
            context["manage_url"] = signup.manage_url(subscriber)
        return render(request, self.template_name, context)


class ManageView(View):
    template_name = "subscribers/manage.html"

    def _subscriber(self, token):
        subscriber = signup.from_manage_token(token)
        if subscriber is None:
            raise signing.BadSignature("subscriber gone")
        return subscriber

    def get(self, request, token):
        try:
            subscriber = self._subscriber(token)
        except signing.BadSignature:
            return _invalid_link(request)
        return self._page(request, subscriber, ManageForm(instance=subscriber, initial=self._initial(subscriber)))

    def post(self, request, token):
        try:
            subscriber = self._subscriber(token)
        except signing.BadSignature:
            return _invalid_link(request)
        form = ManageForm(request.POST, instance=subscriber)
        if not form.is_valid():
            return self._page(request, subscriber, form, status=400)
        form.save()
        return self._page(request, subscriber, form, saved=True)

    def _initial(self, subscriber):
        return {"categories": [] if subscriber.all_categories else list(subscriber.categories.all())}

    def _page(self, request, subscriber, form, *, saved=False, status=200):
        context = {
            "subscriber": subscriber, "form": form, "saved": saved,
            "unsubscribe_url": signup.unsubscribe_url(subscriber),
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """RFC 8058: a mail client's one-click unsubscribe is a bare POST to the
    List-Unsubscribe URL (body ``List-Unsubscribe=One-Click``), with no
    cookie or CSRF token; the signed token in the URL is what authorises it."""

    template_name = "subscribers/unsubscribe.html"

    def get(self, request, token):
        try:
            subscriber = signup.from_unsubscribe_token(token)
        except signing.BadSignature:
            return _invalid_link(request)
        return render(request, self.template_name, {"subscriber": subscriber, "done": False})

    def post(self, request, token):
        try:
            subscriber = signup.from_unsubscribe_token(token)
        except signing.BadSignature:
            return _invalid_link(request)
        if subscriber is not None:
            subscriber.unsubscribe()
        context = {"subscriber": subscriber, "done": True}
        if subscriber is not None:
            context["follow_again"] = signup.confirm_url(subscriber)
        return render(request, self.template_name, context)
