"""A Polylang site's export: each post keeps its language, and the posts of
one translation group become translations of one another."""

import pytest

from articles.models import Article
from tests.wordpress.conftest import run_import

pytestmark = pytest.mark.django_db

ITEM = """
  <item>
    <title><![CDATA[{title}]]></title>
    <dc:creator><![CDATA[admin]]></dc:creator>
    <category domain="language" nicename="{language}"><![CDATA[{language}]]></category>
    {group}
    <content:encoded><![CDATA[<p>{title}</p>]]></content:encoded>
    <wp:post_id>{wp_id}</wp:post_id><wp:post_date_gmt>2024-03-0{wp_id} 09:00:00</wp:post_date_gmt>
    <wp:post_name>{slug}</wp:post_name>
    <wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
  </item>"""

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old</title><link>http://old.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login></wp:author>
  {items}
</channel></rss>
"""

GROUP = '<category domain="post_translations" nicename="pll_65f0c1"><![CDATA[pll_65f0c1]]></category>'


def test_languages_and_translation_groups_come_over(tmp_path):
    items = [
        ITEM.format(title="Water and energy", language="en", group=GROUP, wp_id=1, slug="water-and-energy"),
        ITEM.format(title="Вода и энергия", language="ru", group=GROUP, wp_id=2,
                    slug="%d0%b2%d0%be%d0%b4%d0%b0"),
        ITEM.format(title="Су және энергия", language="kk", group=GROUP, wp_id=3, slug=""),
        ITEM.format(title="Alone", language="fr", group="", wp_id=4, slug="alone"),
    ]
    export = tmp_path / "polylang.xml"
    export.write_text(EXPORT.format(items="".join(items)), encoding="utf-8")
    run_import(export)
    english, russian, kazakh, alone = (Article.objects.get(wordpress_id=n) for n in (1, 2, 3, 4))
    assert (english.language, russian.language, kazakh.language) == ("en", "ru", "kk")
    assert (russian.slug, kazakh.slug) == ("voda", "su-zhane-energiya")
    assert english.translation_of is None
    assert russian.translation_of == english and kazakh.translation_of == english
    # A language the site does not list falls back to the site's own.
    assert alone.language == "en" and alone.translation_of is None
