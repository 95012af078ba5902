"""Running the import again, a dry run, and files that cannot be imported:
the same file changes nothing, a changed file changes only what changed,
and a broken file (or a crash) leaves the site as it was."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from articles import page_cache
from articles.models import Article, Category, Document, Image, Page, Rendition, Tag
from comments import thread_cache
from comments.models import Comment, CommentEvent
from tests.wordpress.conftest import FIXTURE, files_under, run_import
from wordpress import importer, rows
from wordpress.discussion import CommentImporter

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row the import writes, with the fields that show a rewrite."""
    return {
        "users": sorted(get_user_model().objects.values_list("username", "first_name", "email")),
        "categories": sorted(Category.objects.values_list("pk", "slug", "name")),
        "tags": sorted(Tag.objects.values_list("pk", "slug", "name")),
        "images": sorted(Image.objects.values_list("pk", "file", "wordpress_path", "alt_text")),
        "documents": sorted(Document.objects.values_list("pk", "file", "wordpress_path", "title")),
        "renditions": Rendition.objects.count(),
        "articles": sorted(Article.objects.values_list("pk", "wordpress_id", "slug", "updated_at", "body")),
        "article_tags": sorted(Article.tags.through.objects.values_list("article_id", "tag_id")),
        "pages": sorted(Page.objects.values_list("pk", "wordpress_id", "slug", "parent_id", "updated_at", "body")),
        "comments": sorted(Comment.objects.values_list("pk", "wordpress_id", "status", "thread_id", "order", "level")),
        "events": CommentEvent.objects.count(),
    }


def summary(output):
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if "created  updated  unchanged" in line)
    return {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[start + 1: start + 9]}


def changed_export(tmp_path, replacements):
    text = FIXTURE.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "changed.xml"
    path.write_text(text)
    return path


NEW_REPLIES = """		<wp:comment>
			<wp:comment_id>1013</wp:comment_id>
			<wp:comment_author><![CDATA[Dilnoza]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[dilnoza@readers.example]]></wp:comment_author_email>
			<wp:comment_date_gmt><![CDATA[2023-06-01 10:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Replying later to my own thread.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>1005</wp:comment_parent>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>1014</wp:comment_id>
			<wp:comment_author><![CDATA[Olga Petrova]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2023-06-02 10:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Fifth level, added after the first import.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>1004</wp:comment_parent>
		</wp:comment>
	</item>

	<item>
		<title><![CDATA[Новости"""


def test_second_run_of_the_same_file_changes_nothing(imported, media_dir, media_root):
    before, files_before = snapshot(), files_under(media_root)
    output = run_import(media_dir=str(media_dir))
    assert snapshot() == before
    assert files_under(media_root) == files_before
    assert summary(output) == {
        "authors": [0, 0, 2, 0, 0],
        "categories": [0, 0, 4, 0, 0],
        "tags": [0, 0, 3, 0, 0],
        "images": [0, 0, 2, 1, 1],
        "documents": [0, 0, 1, 0, 0],
        "articles": [0, 0, 9, 2, 4],
        "pages": [0, 0, 5, 0, 2],
        "comments": [0, 0, 12, 1, 1],
    }


def test_a_changed_export_updates_what_changed_and_adds_what_is_new(imported, media_dir, tmp_path):
    before = {a.wordpress_id: a.updated_at for a in Article.objects.all()}
    path = changed_export(tmp_path, [
        ("<title><![CDATA[Bazaar prices in spring]]></title>", "<title><![CDATA[Bazaar prices in early spring]]></title>"),
        ('<category domain="post_tag" nicename="spring-prices"><![CDATA[Spring prices]]></category>', ""),
        ("<wp:comment_approved><![CDATA[0]]></wp:comment_approved>", "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>"),
        ("\t</item>\n\n\t<item>\n\t\t<title><![CDATA[Новости", NEW_REPLIES),
    ])
    output = run_import(path, media_dir=str(media_dir))

    assert summary(output)["articles"][:3] == [0, 1, 8]
    assert summary(output)["comments"][:3] == [2, 1, 11]
    post = Article.objects.get(wordpress_id=101)
    assert post.title == "Bazaar prices in early spring"
    assert post.updated_at > before[101]
    assert list(post.tags.values_list("slug", flat=True)) == ["markets"]
    assert {a.wordpress_id: a.updated_at for a in Article.objects.exclude(wordpress_id=101)} == {
        wp_id: stamp for wp_id, stamp in before.items() if wp_id != 101
    }
    approved = Comment.objects.get(wordpress_id=1009)
    assert (approved.status, approved.previous_status, approved.is_public) == ("approved", "pending", True)
    assert list(approved.events.values_list("message", "from_status", "to_status")) == [
        ("Imported from WordPress", "", "pending"),
        ("Status updated from the WordPress export", "pending", "approved"),
    ]
    # New replies slot into the stored threads, as xtd threads them.
    later, fifth = Comment.objects.get(wordpress_id=1013), Comment.objects.get(wordpress_id=1014)
    dilnoza, second = Comment.objects.get(wordpress_id=1005), Comment.objects.get(wordpress_id=1002)
    assert (later.thread_id, later.parent_id, later.level) == (dilnoza.pk, dilnoza.pk, 1)
    assert (fifth.parent_id, fifth.level) == (second.pk, 2)
    thread = Comment.objects.filter(thread_id=second.thread_id).order_by("order")
    assert [c.wordpress_id for c in thread] == [1001, 1002, 1003, 1004, 1014]
    assert Comment.objects.get(wordpress_id=1001).nested_count == 4


def test_dry_run_reports_everything_and_writes_nothing(db, media_dir, media_root):
    output = run_import(media_dir=str(media_dir), dry_run=True)
    assert "Dry run" in output and "nothing was written" in output
    assert summary(output)["articles"][0] == 9
    assert summary(output)["pages"][0] == 5
    assert summary(output)["comments"][0] == 12
    assert summary(output)["images"][0] == 2
    assert summary(output)["documents"][0] == 1
    assert snapshot() == {
        "users": [], "categories": [], "tags": [], "images": [], "documents": [], "renditions": 0, "articles": [],
        "article_tags": [], "pages": [], "comments": [], "events": 0,
    }
    assert files_under(media_root) == []


def test_dry_run_after_an_import_changes_nothing(imported, media_dir, media_root, tmp_path):
    before, files_before = snapshot(), files_under(media_root)
    path = changed_export(tmp_path, [("Bazaar prices in spring]]></title>", "Renamed]]></title>")])
    output = run_import(path, media_dir=str(media_dir), dry_run=True)
    assert summary(output)["articles"][:2] == [0, 1]
    assert snapshot() == before
    assert files_under(media_root) == files_before


@pytest.mark.parametrize("cut", ["half", "end"])
def test_malformed_file_stops_with_a_clear_message_and_imports_nothing(db, media_dir, media_root, tmp_path, cut):
    text = FIXTURE.read_text()
    # "end": every item is whole, only </channel></rss> is missing, so a
    # one-pass import would already have stored them all.
    broken = text[: len(text) // 2] if cut == "half" else text.rsplit("</channel>", 1)[0]
    path = tmp_path / "broken.xml"
    path.write_text(broken)
    with pytest.raises(CommandError, match=r"broken\.xml is not well-formed XML \(line \d+, column \d+\).*Nothing was imported"):
        run_import(path, media_dir=str(media_dir))
    assert snapshot()["articles"] == [] and snapshot()["users"] == []
    assert files_under(media_root) == []


def test_a_crash_half_way_rolls_everything_back_and_removes_stored_files(db, media_dir, media_root, monkeypatch):
    calls = []
    original = CommentImporter._parse_all

    def crash_on_second_article(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CommentImporter, "_parse_all", crash_on_second_article)
    with pytest.raises(RuntimeError):
        run_import(media_dir=str(media_dir))
    assert snapshot()["articles"] == [] and snapshot()["images"] == []
    assert files_under(media_root) == []


def test_one_bad_item_is_reported_and_the_rest_imported(db, media_root, tmp_path):
    path = changed_export(tmp_path, [("<wp:post_id>110</wp:post_id>", "<wp:post_id>one-ten</wp:post_id>")])
    output = run_import(path)
    assert "skipped #one-ten “Pending review: the dam”: post id “one-ten” is not a number" in output
    assert Article.objects.count() == 8


def test_a_post_the_database_refuses_is_reported_and_the_rest_of_its_run_lands(db, media_root, tmp_path):
    # Two items with one post id: the second breaks the article's unique
    # wordpress_id, which the run's bulk INSERT meets as a whole.
    path = changed_export(tmp_path, [("<wp:post_id>110</wp:post_id>", "<wp:post_id>101</wp:post_id>")])
    output = run_import(path)
    assert "skipped #101 “Pending review: the dam”: the database refused it" in output
    assert Article.objects.count() == 8
    first = Article.objects.get(wordpress_id=101)
    assert first.title != "Pending review: the dam"
    assert Comment.objects.for_article(first).count() == 11
    assert summary(output)["comments"][0] == 12


# What COPY's text format and a multi-row INSERT must carry through as typed:
# its own field and row separators, its escape character and its NULL
# marker, besides Cyrillic, Uyghur (right to left), CJK and an emoji.
AWKWARD_TEXT = "Нан\tқымбат\\N\r\nبازار باھاسى\\t 价格 😀 \\."


def test_comment_text_is_stored_exactly_as_exported(db, media_root, tmp_path):
    path = changed_export(tmp_path, [(
        "<![CDATA[Bread went up in our town too.]]>", f"<![CDATA[{AWKWARD_TEXT}]]>",
    )])
    run_import(path)
    # XML reads a CR LF as LF.
    assert Comment.objects.filter(comment=AWKWARD_TEXT.replace("\r\n", "\n")).count() == 1


@pytest.mark.parametrize("run_size", [1, 3])
def test_posts_written_in_runs_of_any_size_import_the_same(db, media_dir, media_root, monkeypatch, run_size):
    monkeypatch.setattr(importer, "POSTS_PER_RUN", run_size)
    # Outside PostgreSQL, where COPY writes them, rows go in several statements.
    monkeypatch.setattr(rows, "ROWS_PER_INSERT", 2)
    output = run_import(media_dir=str(media_dir))
    assert summary(output)["articles"] == [9, 0, 0, 2, 4]
    assert summary(output)["comments"] == [12, 0, 0, 1, 3]
    article_of = dict(Comment.objects.values_list("pk", "object_pk"))
    for pk, parent_id, thread_id in Comment.objects.values_list("pk", "parent_id", "thread_id"):
        assert article_of[parent_id] == article_of[thread_id] == article_of[pk]
    assert CommentEvent.objects.filter(message="Imported from WordPress").count() == Comment.objects.count() == 12
    assert summary(run_import(media_dir=str(media_dir)))["articles"] == [0, 0, 9, 2, 4]


def test_not_an_export_is_refused(db, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>')
    with pytest.raises(CommandError, match="not a WordPress export: it has no <wp:wxr_version>"):
        run_import(path)


def test_missing_file_and_media_dir_are_refused(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "nope.xml")
    with pytest.raises(CommandError, match="no such folder"):
        run_import(media_dir=str(tmp_path / "nowhere"))


@pytest.mark.parametrize("run_size", [1, 100])
def test_same_slug_on_the_same_day_gets_a_suffix_that_stays_put(db, media_root, tmp_path, monkeypatch, run_size):
    monkeypatch.setattr(importer, "POSTS_PER_RUN", run_size)
    path = changed_export(tmp_path, [
        ("<wp:post_name><![CDATA[members-only-the-survey-data]]></wp:post_name>",
         "<wp:post_name><![CDATA[bazaar-prices-in-spring]]></wp:post_name>"),
        ("<wp:post_date_gmt><![CDATA[2023-05-30 07:00:00]]></wp:post_date_gmt>",
         "<wp:post_date_gmt><![CDATA[2023-04-12 20:00:00]]></wp:post_date_gmt>"),
    ])
    expected = {101: "bazaar-prices-in-spring", 111: "bazaar-prices-in-spring-2"}
    for _run in range(2):
        run_import(path)
        assert dict(Article.objects.filter(wordpress_id__in=[101, 111]).values_list("wordpress_id", "slug")) == expected


def thread_versions():
    keys = [thread_cache.thread_key(pk) for pk in Article.objects.values_list("pk", flat=True)]
    return thread_cache.versions(*keys)


def test_an_import_retires_stored_pages_once_and_only_the_threads_it_changed(imported, media_dir, tmp_path):
    renewed = []

    def count(sender, key, **kwargs):
        renewed.append(key)

    before = thread_versions()
    thread_cache.version_renewed.connect(count)
    try:
        path = changed_export(tmp_path, [
            ("<wp:comment_approved><![CDATA[0]]></wp:comment_approved>", "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>"),
            ('<category domain="post_tag" nicename="spring-prices"><![CDATA[Spring prices]]></category>',
             '<category domain="post_tag" nicename="new-term"><![CDATA[New term]]></category>'),
        ])
        run_import(path, media_dir=str(media_dir))
    finally:
        thread_cache.version_renewed.disconnect(count)

    # A new tag and a changed post, yet the content version (every stored
    # page) is renewed once, at the end.
    assert Tag.objects.filter(slug="new-term").exists()
    assert renewed == [page_cache.CONTENT_KEY]
    after = thread_versions()
    changed = {Comment.objects.get(wordpress_id=1009).object_pk, str(Article.objects.get(wordpress_id=101).pk)}
    assert {key for key in after if after[key] != before[key]} == {thread_cache.thread_key(pk) for pk in changed}
