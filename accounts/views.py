"""The two-factor pages (entering a code, setting up an authenticator) and
the password reset, all in the admin's look."""

from axes.utils import reset as axes_reset
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from django_otp import login as otp_login

from bluedomes.ratelimit import rate_limited

from . import twofactor
from .forms import AnyAccountPasswordResetForm, CodeForm


def refuse_code(form, wait, message):
    """A wrong code gets ``message``; a code sent while django-otp still
    throttles the devices gets how long to wait, since any code is refused."""
    if wait:
        message = ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then enter the code the app shows.",
            "Too many wrong codes. Wait %(seconds)d seconds, then enter the code the app shows.",
            wait,
        ) % {"seconds": wait}
    form.add_error("code", message)


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


class AdminLook:
    """Gives a page what admin/base_site.html expects (site header, theme toggle...)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**admin.site.each_context(self.request), **context}


class TwoFactorStep(AdminLook):
    title = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        return super().get_context_data(next=next_url(self.request), **kwargs)


class StaffOnly(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff:
            return redirect("admin:login")
        return super().dispatch(request, *args, **kwargs)


class TwoFactorVerifyView(StaffOnly, TwoFactorStep, FormView):
    """After the password: a code from the authenticator app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = CodeForm
    title = _("Two-factor login")

    def get(self, request, *args, **kwargs):
        if request.user.is_verified() or not twofactor.has_device(request.user):
            return redirect(next_url(request))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        devices = twofactor.devices_for_code(self.request.user, code)
        wait = twofactor.seconds_to_wait(devices)
        device = None if wait else twofactor.verified_device(devices, code)
        if device is None:
            refuse_code(form, wait, _("That code is not right, or has expired. Enter the code your app shows now."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(next_url(self.request))


class TwoFactorSetupView(StaffOnly, TwoFactorStep, FormView):
    """Shows a new authenticator secret (QR code and text); a correct code from
    the app confirms it and shows the recovery codes, this once."""

    template_name = "accounts/two_factor_setup.html"
    form_class = CodeForm
    title = _("Set up two-factor login")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        # Replacing an existing authenticator needs that authenticator first.
        if user.is_authenticated and twofactor.has_device(user) and not user.is_verified():
            return redirect(f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor_setup')}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = twofactor.pending_totp_device(self.request.user)
        return super().get_context_data(
            qr_svg=twofactor.qr_svg(device),
            secret=twofactor.secret_text(device),
            required=twofactor.is_required(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        device = twofactor.pending_totp_device(self.request.user)
        wait = twofactor.seconds_to_wait([device])
        if wait or not device.verify_token(form.cleaned_data["code"]):
            refuse_code(form, wait, _("That code is not right. Check the phone's clock and enter the code the app shows now."))
            return self.form_invalid(form)
        codes = twofactor.confirm(device)
        otp_login(self.request, device)
        return self.render_to_response(
            TwoFactorStep.get_context_data(self, recovery_codes=codes, title=_("Your recovery codes"))
        )


@method_decorator(rate_limited("password-reset", limit=5, window=3600), name="dispatch")
class PasswordResetView(AdminLook, auth_views.PasswordResetView):
    form_class = AnyAccountPasswordResetForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(AdminLook, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminLook, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # Whoever holds the emailed link owns the account: failures counted
        # against it (perhaps by an attacker) no longer lock it.
        axes_reset(username=self.user.get_username())
        return super().form_valid(form)


class PasswordResetCompleteView(AdminLook, auth_views.PasswordResetCompleteView):
    pass
