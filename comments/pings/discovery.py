"""Advertising our endpoints on article pages: the ``X-Pingback`` header
(Pingback 1.0 §2.1) and ``Link: <…>; rel="webmention"`` (Webmention §3.1.2),
plus the matching ``<link>`` tags from templates/comments/discovery_links.html.
Only articles that accept pings advertise them, always as absolute URLs."""

from bluedomes.paths import path_of
from bluedomes.site import absolute_url


def pingback_url():
    return absolute_url(path_of("pings:xmlrpc"))


def webmention_url():
    return absolute_url(path_of("pings:webmention"))


def discovery_headers(article):
    """The response headers that announce our endpoints for ``article``."""
    if not article.accepts_pings:
        return {}
    return {"X-Pingback": pingback_url(), "Link": f'<{webmention_url()}>; rel="webmention"'}


def add_discovery_headers(response, article):
    for name, value in discovery_headers(article).items():
        if name == "Link" and response.has_header("Link"):
            value = f"{response['Link']}, {value}"
        response[name] = value
    return response


def discovery_context(article):
    """Template variables for templates/comments/discovery_links.html."""
    if not article.accepts_pings:
        return {}
    return {"pingback_url": pingback_url(), "webmention_url": webmention_url()}


class PingDiscoveryMixin:
    """For the article detail view: headers on the response, and the URLs
    in the context for the <link> tags."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(discovery_context(self.object))
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return add_discovery_headers(response, self.object)
