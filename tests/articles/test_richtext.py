"""Article bodies are cleaned to the editor's allow-list; excerpts are plain text."""

import pytest
from django.utils.text import Truncator

from articles.models import Article
from articles.richtext import derive_excerpt, plain_text, sanitize_body

XSS_PAYLOADS = [
    '<script>alert("x")</script><p>after</p>',
    '<p onclick="alert(1)">click</p>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<a href="java&#x09;script:alert(1)">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<style>body{background:url("javascript:alert(1)")}</style><p>styled</p>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<form action="https://evil.example/"><input name="q"><button>go</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<p>text<!-- <script>alert(1)</script> --></p>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_leave_nothing_executable(payload):
    cleaned = sanitize_body(payload).lower()
    for marker in ("<script", "javascript:", "vbscript:", "data:", "onerror", "onload", "onclick",
                   "<iframe", "<object", "<embed", "<svg", "<style", "style=", "<form", "<input",
                   "<base", "<meta", "<!--"):
        assert marker not in cleaned, (payload, cleaned)


def test_script_content_is_removed_not_shown_as_text():
    assert sanitize_body('<p>before</p><script>alert("secret")</script>') == "<p>before</p>"


def test_everything_the_editor_makes_survives():
    body = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Subsub</h4>"
        "<p>Some <strong>bold</strong>, <em>italic</em> and <code>code</code>.<br>Next line.</p>"
        "<ul><li>one</li></ul><ol start=\"3\"><li>three</li></ol>"
        "<blockquote><p>quoted</p></blockquote><pre><code>x = 1</code></pre>"
        '<figure><img src="/media/images/a.jpg" alt="A picture" width="800" height="600" data-file="12">'
        "<figcaption>Caption</figcaption></figure>"
    )
    assert sanitize_body(body) == body


def test_links_keep_href_and_title_and_get_rel():
    cleaned = sanitize_body('<p><a href="https://example.org/x" title="Example" target="_blank">x</a></p>')
    assert cleaned == '<p><a href="https://example.org/x" title="Example" rel="noopener noreferrer">x</a></p>'


def test_relative_and_mailto_links_survive():
    cleaned = sanitize_body('<p><a href="/2021/01/22/a/">a</a> <a href="mailto:ed@example.org">b</a></p>')
    assert 'href="/2021/01/22/a/"' in cleaned
    assert 'href="mailto:ed@example.org"' in cleaned


def test_editor_classes_and_unknown_tags_are_dropped_but_text_kept():
    cleaned = sanitize_body('<h1 class="big">Title</h1><figure class="figure"><img src="/a.png"></figure>'
                            '<div><span style="color:red">words</span></div>')
    assert cleaned == 'Title<figure><img src="/a.png"></figure>words'


def test_a_picture_whose_address_was_refused_is_dropped():
    cleaned = sanitize_body('<p>a<img src="data:image/png;base64,AAAA" alt="pasted">b<img src="/ok.png"></p>')
    assert cleaned == '<p>ab<img src="/ok.png"></p>'


def test_numeric_attributes_must_be_numbers():
    cleaned = sanitize_body('<img src="/a.png" width="100%" height="50" data-file="1 or 1=1">')
    assert cleaned == '<img src="/a.png" height="50">'


@pytest.mark.parametrize("empty", ["", "<p></p>", "<p><br></p>", "  <p> </p>\n<p></p> "])
def test_an_empty_editor_stores_an_empty_body(empty):
    assert sanitize_body(empty) == ""


def test_excerpt_is_plain_text_cut_at_a_word():
    body = "<h2>Start</h2><p>" + " ".join(f"word{i}" for i in range(100)) + "</p>"
    excerpt = derive_excerpt(body, words=10)
    assert excerpt == "Start word0 word1 word2 word3 word4 word5 word6 word7 word8…"


def test_excerpt_leaves_out_figure_captions_and_decodes_entities():
    body = ('<figure><img src="/a.png" alt="x"><figcaption>A caption</figcaption></figure>'
            "<p>Tea &amp; bread</p><p>at&nbsp;dawn.</p>")
    assert derive_excerpt(body) == "Tea & bread at dawn."


def test_plain_text_separates_blocks():
    assert plain_text("<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>") == "one two three four"


def test_direction_and_language_survive_on_text_elements():
    body = '<p>Сөз</p><blockquote dir="rtl" lang="ug"><p>ئۈرۈمچى سۇيى</p></blockquote><p dir="RTL">ب</p>'
    assert sanitize_body(body) == (
        '<p>Сөз</p><blockquote dir="rtl" lang="ug"><p>ئۈرۈمچى سۇيى</p></blockquote><p dir="rtl">ب</p>'
    )


def test_a_made_up_direction_or_language_is_dropped():
    assert sanitize_body('<p dir="sideways" lang="en us">x</p>') == "<p>x</p>"


def _paragraphs(words, count):
    return "".join(f"<p>{' '.join(words)} {number}.</p>" for number in range(count))


LONG_BODIES = [
    _paragraphs(["Алматы", "және", "Астана", "арасындағы", "жол"], 80),
    _paragraphs(["Граница", "на", "этой", "неделе", "спокойна"], 3) + "<figure><img src='/a.jpg'><figcaption>"
    + _paragraphs(["Подпись", "к", "снимку"], 60) + "</figcaption></figure>" + _paragraphs(["После"], 40),
    "<P>" + " ".join(["ئۇيغۇرچە"] * 70) + "</P>" + _paragraphs(["边境", "很", "安静"], 50),
    _paragraphs(["short"], 30) + "<script>" + "var a = 1; " * 300 + "</script>" + _paragraphs(["after", "the", "script"], 30),
    "<blockquote>" + _paragraphs(["Quoted", "words", "here"], 40) + "</blockquote>" + _paragraphs(["Then"], 40),
    "<p>" + "word " * 2000 + "</p>",
    _paragraphs(["Tea", "&amp;", "bread"], 5),
    "no paragraphs at all " * 100,
]


@pytest.mark.parametrize("body", LONG_BODIES)
def test_an_excerpt_from_the_opening_paragraphs_is_the_whole_bodys(body):
    assert derive_excerpt(body) == Truncator(plain_text(body)).words(55, truncate="…")


def test_a_summary_follows_its_body_when_the_body_changes():
    # Derived excerpts are remembered by body: an edit must never show the old one.
    article = Article(title="Су", body="<p>Су тасқыны басылды.</p>")
    assert article.summary == "Су тасқыны басылды."
    article.body = "<p>Паводок на Сырдарье закончился.</p>"
    assert article.summary == "Паводок на Сырдарье закончился."
    article.body = "<p>Су тасқыны басылды.</p>"
    assert article.summary == "Су тасқыны басылды."
