"""The WXR reader: every kind of record, all three format versions, refusal
of broken and hostile files, and memory that does not grow with the file."""

import tracemalloc

import pytest

from tests.wordpress.conftest import FIXTURE
from wordpress import wxr

WXR_10 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.0/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.0/">
<channel>
  <title>Old</title><link>http://old.example</link>
  <wp:wxr_version>1.0</wp:wxr_version>
  <wp:category><wp:category_nicename>news</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
  <item>
    <title>First</title>
    <dc:creator><![CDATA[admin]]></dc:creator>
    <category><![CDATA[News]]></category>
    <category domain="category" nicename="news"><![CDATA[News]]></category>
    <category domain="tag"><![CDATA[old]]></category>
    <category domain="tag" nicename="old"><![CDATA[old]]></category>
    <content:encoded><![CDATA[Hello]]></content:encoded>
    <wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
  </item>
</channel></rss>
"""


def records(path):
    return list(wxr.read(path))


def test_reads_channel_authors_terms_and_items_of_the_fixture():
    found = records(FIXTURE)
    channel = found[0]
    assert isinstance(channel, wxr.Channel)
    assert (channel.wxr_version, channel.base_site_url) == ("1.2", "https://old-blog.example")
    authors = [r for r in found if isinstance(r, wxr.Author)]
    assert [(a.login, a.wp_id, a.display_name) for a in authors] == [
        ("olga", "1", "Olga Petrova"), ("timur.b", "2", "Timur Bekov"),
    ]
    terms = [(t.kind, t.slug, t.parent) for t in found if isinstance(t, wxr.Term)]
    assert ("category", "politics", "region") in terms
    assert ("tag", "water", "") in terms
    # The nav_menu wp:term is not a category or a tag.
    assert not any(slug == "main-menu" for _kind, slug, _parent in terms)
    items = {item.post_id: item for item in found if isinstance(item, wxr.Item)}
    assert items["20"].post_type == "attachment"
    assert items["20"].meta["_wp_attachment_image_alt"] == "Fruit stalls under a blue awning"
    post = items["101"]
    assert post.title == "Bazaar prices in spring"
    assert post.creator == "olga"
    assert post.content.startswith("Every April the stalls change colour.")
    assert [(t.domain, t.slug) for t in post.terms][:2] == [
        ("category", "politics"), ("category", "%d0%ba%d1%83%d0%bb%d1%8c%d1%82%d1%83%d1%80%d0%b0"),
    ]
    assert post.meta["_thumbnail_id"] == "20"
    comments = {c.wp_id: c for c in post.comments}
    assert comments["1004"].parent == "1003"
    assert comments["1006"].type == "pingback"
    assert comments["1008"].meta == {"akismet_result": "true"}
    # CDATA split around "]]>" by WordPress is joined back together.
    assert comments["1006"].content.endswith("[&#8230;]")
    assert items["102"].comments[0].author == "Жанар Ахметова"


def test_reads_wxr_1_0_namespaces_and_its_tag_domain(tmp_path):
    path = tmp_path / "old.xml"
    path.write_text(WXR_10)
    found = records(path)
    assert found[0].wxr_version == "1.0"
    item = found[-1]
    assert item.content == "Hello"
    # 1.0 repeats every term without a nicename and calls tags "tag".
    assert [(t.domain, t.slug) for t in item.terms] == [("category", "news"), ("post_tag", "old")]


def test_reads_wxr_1_1(tmp_path):
    path = tmp_path / "v11.xml"
    path.write_text(WXR_10.replace("export/1.0/", "export/1.1/").replace(">1.0<", ">1.1<"))
    found = records(path)
    assert found[0].wxr_version == "1.1"
    assert found[-1].post_id == "1"


def test_truncated_file_is_refused_with_the_line_it_broke_on(tmp_path):
    text = FIXTURE.read_text()
    path = tmp_path / "cut.xml"
    path.write_text(text[: len(text) // 2])
    with pytest.raises(wxr.WXRError, match=r"not well-formed XML \(line \d+, column \d+\)"):
        records(path)


def test_an_rss_feed_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                    "<item><title>a</title></item></channel></rss>")
    with pytest.raises(wxr.WXRError, match="no <wp:wxr_version>"):
        records(path)


def test_a_file_whose_root_is_not_rss_is_refused(tmp_path):
    path = tmp_path / "atom.xml"
    path.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    with pytest.raises(wxr.WXRError, match="root element"):
        records(path)


def test_entity_expansion_is_refused(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        "<rss><channel><wp:wxr_version xmlns:wp=\"http://wordpress.org/export/1.2/\">1.2</wp:wxr_version>"
        "<item><title>&lol2;</title></item></channel></rss>"
    )
    with pytest.raises(wxr.WXRError, match="refused"):
        records(path)


def _big_export(path, items, body_size):
    body = "Lorem ipsum dolor sit amet. " * (body_size // 28)
    with open(path, "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>\n')
        for number in range(items):
            out.write(f"<item><title>Post {number}</title><content:encoded><![CDATA[{body}]]></content:encoded>"
                      f"<wp:post_id>{number}</wp:post_id><wp:post_type>post</wp:post_type></item>\n")
        out.write("</channel></rss>\n")


def test_memory_stays_at_one_record_while_reading_a_large_file(tmp_path):
    path = tmp_path / "big.xml"
    _big_export(path, items=3000, body_size=8000)  # ~24 MB
    tracemalloc.start()
    try:
        count = sum(1 for record in wxr.read(path) if isinstance(record, wxr.Item))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert path.stat().st_size > 20_000_000
    # A tree of the whole file would take well over its 24 MB.
    assert peak < 3_000_000
