"""The benchmark's fixed scenario, seeded into a fresh database.

30 published articles of about 700 words, spread over categories and tags;
one of them carries a pingback and 200 approved comments threaded up to
three deep. The same seed gives the same rows on every run, so runs on
different machines measure the same pages.

Run as ``python -m bench.scenario OUT.json [--no-count]`` with DJANGO_SETTINGS_MODULE
pointing at bench.settings and DATABASE_URL at an empty database: it
migrates, collects static files, seeds, then renders each page once
through Django's test client to count its SQL queries, and writes the
URLs and counts to OUT.json."""

import hashlib
import json
import random
import sys
from datetime import timedelta

ARTICLES = 30
WORDS_PER_ARTICLE = 700
COMMENTS_ON_BUSY_ARTICLE = 200
SEED = 20260601

CATEGORIES = ["Water and climate", "Borders and trade", "Elections", "Railways and roads", "Culture"]
TAGS = [
    "Aral Sea", "Fergana Valley", "cotton", "hydropower", "customs union", "caravan routes",
    "parliament", "press freedom", "rail freight", "mountain passes", "bazaars", "language policy",
]
SUBJECTS = [
    "the regional water council", "a district governor", "the new customs post", "farmers along the canal",
    "the railway ministry", "local journalists", "a cross-border trading family", "the upstream dam operator",
    "two neighbouring villages", "the election commission", "a caravan of lorries", "the old bazaar guild",
]
VERBS = [
    "argued over", "quietly rebuilt", "measured", "renegotiated", "published figures on", "complained about",
    "set new rules for", "doubled the fees on", "mapped", "postponed a decision on", "asked for help with",
]
OBJECTS = [
    "the spring irrigation quota", "the lorry queue at the pass", "the price of flour", "a disputed pasture",
    "the timetable of the night train", "the winter electricity supply", "the school textbooks",
    "a silted reservoir", "the permits for seasonal workers", "the road through the gorge",
]
CLAUSES = [
    "while the snowmelt came early", "after a week of rumours", "although nobody expected it",
    "as the harvest approached", "despite objections from the capital", "before the border closed for winter",
    "once the new figures were out", "under pressure from the bazaar traders",
]
HEADINGS = ["What changed", "Who pays", "The view from upstream", "What comes next", "Numbers and doubts"]
NAMES = [
    "Dilnoza", "Timur", "Aigerim", "Rustam", "Madina", "Bakhtiyor", "Nargiza", "Erlan", "Zarina", "Farrukh",
    "Gulnara", "Kairat", "Shahlo", "Nurlan", "Saida", "Jamshid",
]


def sentence(rng):
    words = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}"
    return words[0].upper() + words[1:] + "."


def article_body(rng, words=WORDS_PER_ARTICLE):
    """About ``words`` words of HTML: paragraphs of sentences, two headings."""
    parts, count = [], 0
    while count < words:
        if parts and len(parts) % 4 == 0:
            parts.append(f"<h2>{rng.choice(HEADINGS)}</h2>")
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(4, 6)))
        count += len(paragraph.split())
        parts.append(f"<p>{paragraph}</p>")
    return "\n".join(parts)


def comment_text(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))


def seed():
    """Creates the scenario; returns the URLs the benchmark measures."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import Article, Category, Tag
    from comments.models import Comment

    rng = random.Random(SEED)
    User = get_user_model()
    authors = [
        User.objects.create_user(username=name.lower(), first_name=name, last_name="Bench", password=None)
        for name in ("Amira", "Daniyar", "Lola")
    ]
    categories = [Category.objects.create(name=name, slug=slugify(name)) for name in CATEGORIES]
    tags = [Tag.objects.create(name=name, slug=slugify(name)) for name in TAGS]

    now = timezone.now().replace(microsecond=0)
    articles = []
    for number in range(ARTICLES):
        title = f"{rng.choice(SUBJECTS).capitalize()} and {rng.choice(OBJECTS)}, part {number + 1}"
        article = Article.objects.create(
            title=title,
            slug=slugify(title)[:190],
            author=authors[number % len(authors)],
            body=article_body(rng),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=ARTICLES - number, hours=rng.randint(0, 12)),
        )
        article.categories.set(rng.sample(categories, 2))
        article_tags = rng.sample(tags[1:], 3)
        if number % 2 == 0:
            # The first tag is on every other article: its archive fills a page.
            article_tags.append(tags[0])
        article.tags.set(article_tags)
        articles.append(article)

    busy = articles[-3]
    content_type = ContentType.objects.get_for_model(Article)
    site = Site.objects.get_current()
    base = {"content_type": content_type, "object_pk": str(busy.pk), "site": site, "is_public": True}

    # A self-pingback, as WordPress records when one article links another.
    source = articles[-5].get_full_url()
    Comment(
        **base,
        type=Comment.Type.PINGBACK,
        status=Comment.Status.APPROVED,
        user_name="Blue Domes",
        user_url=source,
        source_url=source,
        source_title=articles[-5].title,
        source_site_name="Blue Domes",
        ping_key=hashlib.sha256(f"{busy.pk} {source}".encode()).hexdigest(),
        comment=f"[…] {comment_text(rng)} […]",
        submit_date=busy.published_at + timedelta(hours=1),
        ip_address="127.0.0.1",
    ).save()

    # Threads up to three deep: a third top-level, the rest replies to a
    # random earlier comment that may still take one.
    posted = []
    for number in range(COMMENTS_ON_BUSY_ARTICLE):
        open_parents = [c for c in posted if c.level < 2]
        parent = rng.choice(open_parents) if open_parents and rng.random() > 0.35 else None
        name = rng.choice(NAMES)
        comment = Comment(
            **base,
            type=Comment.Type.COMMENT,
            status=Comment.Status.APPROVED,
            user_name=name,
            user_email=f"{name.lower()}{number}@example.org",
            user_url=f"https://{name.lower()}.example.org/" if number % 4 == 0 else "",
            comment=comment_text(rng),
            submit_date=busy.published_at + timedelta(hours=2, minutes=number * 7),
            ip_address=f"192.0.2.{number % 250 + 1}",
            parent_id=parent.pk if parent else 0,
        )
        comment.save()
        posted.append(comment)

    return {
        "article": busy.get_absolute_url(),
        "article_id": busy.pk,
        "home": "/",
        "tag": tags[0].get_absolute_url(),
        "floor": "/bench/floor/",
        "comment_levels": sorted({c.level for c in posted}),
        "comments": len(posted),
    }


def count_queries(urls):
    """SQL queries per page for an anonymous reader, in the steady state
    (the second request: per-process lookups such as content types are
    cached by then, as in a long-running server)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for name in ("article", "home", "tag", "floor"):
        first = client.get(urls[name])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[name])
        counts[name] = {"status": response.status_code, "queries": len(queries), "first_status": first.status_code}
    return counts


def main(out_path, count=True):
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    urls = seed()
    if not count:
        with open(out_path, "w", encoding="utf-8") as out:
            json.dump({"urls": urls}, out, indent=2)
        return
    # The test client needs the test environment (it records templates and
    # answers for "testserver"); the server processes never see this.
    setup_test_environment()
    result = {"urls": urls, "queries": count_queries(urls)}
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], count="--no-count" not in sys.argv[2:])
