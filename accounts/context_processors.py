from django.urls import reverse

from . import twofactor


def two_factor(request):
    """The admin's nudge: staff without a second factor are asked to set one up."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff or twofactor.has_device(user):
        return {}
    setup_url = reverse("accounts:two_factor_setup")
    # Not on the two-factor pages themselves, which say it already.
    if request.path.startswith(reverse("accounts:two_factor_verify")):
        return {}
    return {"two_factor_setup_url": setup_url}
