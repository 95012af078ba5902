"""Real-browser fixtures: one headless Debian Chromium per test module,
driven by Playwright's sync API against pytest-django's `live_server`.

Every test in this folder is marked `browser`. Without /usr/bin/chromium the
tests are skipped with the reason spelled out — except in CI (CI=true), where
a missing browser is a failure: CI must never go green by dropping them.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
MISSING_REASON = f"needs Chromium at {CHROMIUM} (apt-get install chromium); .ci/run installs it"
# Generous for a 2-core machine shared with other work, short enough that a
# missing element fails the test instead of stalling the run.
TIMEOUT_MS = 15_000
HERE = Path(__file__).resolve().parent


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Lets fixtures see at teardown whether the test itself failed.
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and MISSING_REASON in str(report.longrepr[2])
    ]
    if skipped:
        terminalreporter.write_sep(
            "!", f"{len(skipped)} browser test(s) SKIPPED ({MISSING_REASON})", yellow=True, bold=True
        )


# Per module, not per session: while Playwright runs, its event loop counts
# as running in the test thread, and the non-browser tests pytest-django
# orders after these must not run under it (asyncio.run, async_to_sync).
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail(f"CI=true but {MISSING_REASON}", pytrace=False)
        pytest.skip(MISSING_REASON)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    wrappers = {alias: connections[alias] for alias in connections}
    # Playwright's sync API runs an asyncio loop in the test thread; Django
    # would otherwise refuse ORM calls made from that thread as "async unsafe".
    # Set only from here on, so the tests that run before keep the protection.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        # Playwright leaves its event loop marked as running in this thread, so
        # asgiref then stores Django's connections per context and the tests
        # would get fresh wrappers: without the test database's serialized
        # contents (serialized_rollback would silently restore nothing) and,
        # on SQLite, with a second connection. Keep using the same wrappers.
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class Session:
    """The browser windows one test opened: each `new_page()` is a fresh
    context (its own cookies), i.e. a different person at another computer."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.pages = []
        self.outside_requests = []
        self.js_errors = []
        self.csp_violations = []
        self.closing = False

    def new_page(self, **context_options):
        """A page in a new context; options go to Browser.new_context (e.g. a phone's viewport)."""
        context_options.setdefault("viewport", {"width": 1280, "height": 900})
        context = self.browser.new_context(base_url=self.base_url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        # The site must not load anything from the internet (no CDN): block
        # every request that leaves the live server, and fail on unexpected ones.
        context.route(re.compile(r"^https?://"), self._only_live_server)
        page = context.new_page()
        page.on("pageerror", lambda error: self.js_errors.append(f"{page.url}: {error}"))
        # Chromium reports every blocked script, style or picture on the console.
        page.on("console", lambda message: self._note_csp(page, message))
        self.contexts.append(context)
        self.pages.append(page)
        return page

    def _note_csp(self, page, message):
        # Pages ask for nothing outside the site (avatars are drawn here), so
        # every refusal by the policy is a fault of the page.
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{page.url}: {message.text}")

    def _only_live_server(self, route):
        if self.closing:
            route.abort()
            return
        url = urlsplit(route.request.url)
        if url.netloc == urlsplit(self.base_url).netloc:
            route.continue_()
            return
        # The test machine has no internet: outside requests are never sent.
        # None is expected: avatars are drawn locally unless a site turns
        # Gravatar on, and nothing comes from a CDN or a font service.
        self.outside_requests.append(route.request.url)
        route.abort()

    def screenshot_all(self, stem):
        ARTIFACTS.mkdir(exist_ok=True)
        saved = []
        for number, page in enumerate(self.pages, start=1):
            path = ARTIFACTS / f"{stem}-{number}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # a crashed page must not hide the test's own failure
                saved.append(f"{path} (not saved: {error})")
            else:
                saved.append(str(path))
        return saved

    def close(self):
        # What the pages send while they close (an editing lock's release, a
        # heartbeat) is dropped: the live server would run it on the test
        # database's one connection while the test's teardown empties it.
        self.closing = True
        for context in self.contexts:
            context.close()


@pytest.fixture
def browser_session(browser, live_server, request):
    session = Session(browser, live_server.url)
    yield session
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        saved = session.screenshot_all(stem)
        details = "\n".join(["screenshots:", *saved, "JavaScript errors:", *(session.js_errors or ["none"])])
        request.node.add_report_section("teardown", "browser", details)
    session.close()
    if session.csp_violations:
        pytest.fail("the Content-Security-Policy blocked part of a page:\n" + "\n".join(session.csp_violations),
                    pytrace=False)
    if session.outside_requests:
        pytest.fail(
            "the pages tried to load from outside the site (nothing may come from the internet):\n"
            + "\n".join(session.outside_requests),
            pytrace=False,
        )


@pytest.fixture
def page(browser_session):
    """A page in a fresh browser context whose relative URLs go to live_server."""
    return browser_session.new_page()

