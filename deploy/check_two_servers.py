"""Checks that two bluedomes web servers behave as one site: a comment
posted through server A and approved by a moderator through server B is
visible on both at once; marked as spam through A, it is gone from both.

    .venv/bin/python deploy/check_two_servers.py http://127.0.0.1:PORT_A http://127.0.0.1:PORT_B \\
        --username admin --password PASSWORD

deploy/try-two-servers.sh --check starts such a pair and runs this. Every
step prints what it saw; the exit status is 0 only if all of them passed."""

import argparse
import re
import secrets
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.posting import Commenter, client_address  # noqa: E402

PERMALINK = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/[^/"]+/)"')
failures = []


def step(ok, text):
    print(f"  {'ok  ' if ok else 'FAIL'} {text}")
    if not ok:
        failures.append(text)
    return ok


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs, self.options, self._select = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.inputs.append(attrs)
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select == "action":
            self.options.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def inputs_of(html):
    parser = _Inputs()
    parser.feed(html)
    return parser


def shown_to_a_new_reader(base, path, token):
    """Whether a reader who never visited sees ``token`` on the page."""
    # verify=False only matters for the trial's self-signed balancer on loopback.
    with httpx.Client(base_url=base, timeout=30, verify=False) as reader:
        return token in reader.get(path).text


def first_article(base):
    home = httpx.get(base + "/", timeout=30).text
    match = PERMALINK.search(home)
    if not match:
        raise SystemExit(f"no article link on {base}/ — is there published content (manage.py load_demo)?")
    return match.group(1)


def log_in(base, username, password):
    # Cookies are per host, not per port: this one client is the moderator's
    # browser on both servers.
    moderator = httpx.Client(timeout=30, follow_redirects=False)
    page = moderator.get(base + "/admin/login/")
    token = next(i["value"] for i in inputs_of(page.text).inputs if i.get("name") == "csrfmiddlewaretoken")
    answer = moderator.post(base + "/admin/login/", data={
        "csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/",
    }, headers={"Referer": base + "/admin/login/"})
    if answer.status_code != 302:
        raise SystemExit(f"could not log in on {base} as {username} (HTTP {answer.status_code})")
    return moderator


def moderate(moderator, base, token, verb):
    """Runs the queue's bulk action ``verb`` ("approve", "spam") on the comment holding ``token``."""
    queue = base + "/admin/comments/comment/"
    changelist = moderator.get(queue, params={"q": token})
    parsed = inputs_of(changelist.text)
    selected = [i["value"] for i in parsed.inputs if i.get("name") == "_selected_action"]
    action = next((o for o in parsed.options if verb in o and f"un{verb}" not in o and "not_" not in o), None)
    csrf = next(i["value"] for i in parsed.inputs if i.get("name") == "csrfmiddlewaretoken")
    if not selected or action is None:
        raise SystemExit(f"the queue on {base} shows no comment with {token} or no {verb!r} action "
                         f"(actions: {parsed.options})")
    answer = moderator.post(
        queue, params={"q": token},
        data={"csrfmiddlewaretoken": csrf, "action": action, "index": "0", "_selected_action": selected},
        headers={"Referer": queue},
    )
    return answer.status_code in (200, 302), action, selected


def check_balancer(balancer):
    """What nginx adds: long caching of hashed static files, the reader's
    scheme passed on, the health check passed through."""
    print("4. nginx in front of both servers")
    with httpx.Client(base_url=balancer, timeout=30, verify=False) as browser:
        page = browser.get("/")
        hashed = re.search(r'(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.text)
        step(page.status_code == 200, f"home page through nginx: {page.status_code}")
        if step(bool(hashed), "the page links a hashed stylesheet"):
            static = browser.get(hashed.group(1))
            step("immutable" in static.headers.get("cache-control", ""),
                 f"{hashed.group(1)}: Cache-Control {static.headers.get('cache-control')!r}")
        health = browser.get("/healthz")
        step(health.status_code == 200 and "no-store" in health.headers.get("cache-control", ""),
             f"/healthz through nginx: {health.status_code} {health.text}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("server_a")
    parser.add_argument("server_b")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument("--balancer", help="nginx in front of both (HTTPS, self-signed certificate accepted)")
    args = parser.parse_args(argv)
    a, b = args.server_a.rstrip("/"), args.server_b.rstrip("/")
    token = f"two-servers-{secrets.token_hex(4)}"

    path = first_article(a)
    print(f"article {path}; comment marked {token}")

    print("1. a reader posts through server A")
    reader = Commenter(a, path).fetch_form(ip=client_address(7))
    # Two links: the default discussion rules hold it for a moderator.
    posted = reader.post(
        f"Checking the two servers ({token}). Compare https://example.org/one with https://example.org/two.",
        name="Two-Server Reader", email="two.servers@example.org", ip=client_address(7),
    )
    reader.close()
    step(posted.status in (302, 303), f"POST answered {posted.status} → {posted.location or '(no redirect)'}")
    held = not shown_to_a_new_reader(a, path, token) and not shown_to_a_new_reader(b, path, token)
    step(held, "held for moderation: not shown to other readers on A nor on B")

    print("2. a moderator logs in and approves it through server B")
    moderator = log_in(b, args.username, args.password)
    same_session_on_a = moderator.get(a + "/admin/").status_code == 200
    step(same_session_on_a, "the session made on B is valid on A too (sessions in the shared Redis)")
    ok, action, selected = moderate(moderator, b, token, "approve")
    step(ok, f"action {action} on comment {', '.join(selected)} through B")
    started = time.monotonic()
    on_a, on_b = shown_to_a_new_reader(a, path, token), shown_to_a_new_reader(b, path, token)
    step(on_a and on_b, f"visible at once on A ({on_a}) and on B ({on_b}), "
                        f"checked {1000 * (time.monotonic() - started):.0f} ms after approval")
    if args.balancer:
        step(all(shown_to_a_new_reader(args.balancer, path, token) for _ in range(4)),
             "visible through nginx on four requests in a row (spread over both servers)")

    print("3. the moderator marks it as spam through server A")
    ok, action, _selected = moderate(moderator, a, token, "spam")
    step(ok, f"action {action} through A")
    gone = not shown_to_a_new_reader(a, path, token) and not shown_to_a_new_reader(b, path, token)
    step(gone, "gone at once from A and from B")
    if args.balancer:
        check_balancer(args.balancer)
    moderator.close()

    print("all checks passed" if not failures else f"{len(failures)} check(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
