"""A reader posting comments the way a browser does: fetch the article, keep
the CSRF cookie, send back every field of the comment form (xtd's
timestamp, security hash and empty honeypot included) with a new text.

Each post may carry its own client address in X-Forwarded-For, which the
site trusts when BLUEDOMES_CLIENT_IP_HEADER names it, so that many
simulated readers are many readers to the per-IP rate limit."""

import ipaddress
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx


class _Forms(HTMLParser):
    """Collects every form's action and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "image", "file"}:
                self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.forms[-1]["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def comment_form(html, page_url):
    """(action URL, fields) of the page's comment form: the one with xtd's security hash."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if "security_hash" in form["fields"]:
            return urljoin(page_url, form["action"]), dict(form["fields"])
    raise LookupError(f"no comment form on {page_url}")


@dataclass
class Posted:
    status: int
    seconds: float
    location: str


class Commenter:
    """One reader: a cookie jar, the form fetched once, then any number of posts."""

    def __init__(self, base_url, article_path, *, timeout=30):
        self.client = httpx.Client(base_url=base_url, timeout=timeout, follow_redirects=False)
        self.page_url = urljoin(base_url, article_path)
        self.action = None
        self.fields = None

    def fetch_form(self, ip=None):
        response = self.client.get(self.page_url, headers=self._headers(ip))
        response.raise_for_status()
        self.action, self.fields = comment_form(response.text, self.page_url)
        return self

    def post(self, text, *, name, email, ip=None):
        data = {**self.fields, "comment": text, "name": name, "email": email, "url": ""}
        headers = {**self._headers(ip), "Referer": self.page_url}
        started = time.perf_counter()
        try:
            response = self.client.post(self.action, data=data, headers=headers)
        except httpx.HTTPError:
            return Posted(status=0, seconds=time.perf_counter() - started, location="")
        return Posted(response.status_code, time.perf_counter() - started, response.headers.get("location", ""))

    @staticmethod
    def _headers(ip):
        return {"X-Forwarded-For": ip} if ip else {}

    def close(self):
        self.client.close()


def client_address(number):
    """A distinct client address for reader ``number``, from 198.18.0.0/15,
    the block RFC 2544 reserves for benchmarks. It only labels the request
    for the site's rate limit: nothing is ever sent to it."""
    return str(ipaddress.ip_address("198.18.0.0") + 1 + number % 131000)
