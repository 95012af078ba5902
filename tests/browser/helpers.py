"""Steps the browser journeys share."""

from pathlib import Path

SCREENSHOTS = Path("/tmp")


def shot(page, name):
    """Saves a full-page screenshot of a key step as /tmp/bluedomes-<name>.png,
    for a person to look at: a page nobody would want to read is not done."""
    path = SCREENSHOTS / f"bluedomes-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def admin_login(page, username, password):
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
