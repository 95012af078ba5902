"""What a newsroom's article holds survives a save: tables, rules, cited
sources, code and footnote marks; text derived from a table keeps its cells
apart."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.forms import EDITOR_EXTENSIONS
from articles.models import Article
from articles.richtext import derive_excerpt, plain_text, sanitize_body
from tests.articles.test_admin import form_data
from tests.factories import make_user

TABLE = (
    "<table><thead><tr><th scope=\"col\">Страна</th><th colspan=\"2\">GDP</th></tr></thead>"
    "<tbody><tr><td rowspan=\"2\">Қазақстан</td><td>3%</td><td>2024</td></tr>"
    "<tr><td>4%</td><td>2025</td></tr></tbody></table>"
)


def test_a_table_keeps_its_structure_and_spans():
    assert sanitize_body(TABLE) == TABLE


def test_spans_and_scope_accept_only_their_own_values():
    cleaned = sanitize_body('<table><tbody><tr><th scope="evil" colspan="2;x">a</th>'
                            '<td rowspan="javascript:1">b</td></tr></tbody></table>')
    assert cleaned == "<table><tbody><tr><th>a</th><td>b</td></tr></tbody></table>"


@pytest.mark.parametrize("html", [
    "<hr>",
    "<blockquote><p>Words.</p><p>— <cite>Kun.uz</cite></p></blockquote>",
    "<pre><code>SELECT 1;</code></pre>",
    "<p>Inflation rose<sup>1</sup> and H<sub>2</sub>O is scarce.</p>",
])
def test_rules_citations_code_and_footnote_marks_are_kept(html):
    assert sanitize_body(html) == html


def test_plain_text_of_a_table_has_spaces_between_cells():
    assert plain_text(TABLE) == "Страна GDP Қазақстан 3% 2024 4% 2025"
    assert derive_excerpt("<p>Growth:</p>" + TABLE, words=4) == "Growth: Страна GDP Қазақстан…"


def test_the_editor_offers_tables_rules_and_footnote_marks():
    for extension in ("Table", "TableRow", "TableHeader", "TableCell", "HorizontalRule", "Superscript", "Subscript"):
        assert EDITOR_EXTENSIONS[extension], extension


@pytest.mark.django_db
def test_a_table_survives_a_save_in_the_admin_and_shows_on_the_page(client):
    editor = make_user(username="ed", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)
    body = "<p>Growth by year.</p>" + TABLE + "<hr><p>Source: <cite>World Bank</cite><sup>1</sup></p>"
    response = client.post(reverse("admin:articles_article_add"), form_data(
        author=editor.pk, title="Growth", body=body, status=Article.Status.PUBLISHED,
    ))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.body == body
    assert article.excerpt.startswith("Growth by year. Страна GDP Қазақстан 3% 2024")
    page = client.get(article.get_absolute_url()).content.decode()
    assert TABLE in page
