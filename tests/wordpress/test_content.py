"""WordPress post HTML → our body: paragraphs, block markers, captions,
shortcodes, image URLs, slugs."""

from articles.richtext import MORE_MARKER, derive_excerpt, more_marker
from articles.slugs import ascii_slug
from wordpress.content import convert, uploads_path, wpautop
from wordpress.media import candidate_paths

IMAGES = {"2023/04/bazaar.jpg": ("/media/images/bazaar.jpg", 7)}


def resolve(path, attachment_id):
    for candidate in candidate_paths(path):
        if candidate in IMAGES:
            return IMAGES[candidate]
    return None


def test_blank_lines_become_paragraphs_and_single_newlines_breaks():
    assert wpautop("One line\nsame paragraph.\n\nSecond paragraph.") == (
        "<p>One line<br />\nsame paragraph.</p>\n<p>Second paragraph.</p>\n"
    )


def test_block_elements_are_not_wrapped_in_paragraphs():
    html = wpautop("Intro.\n\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n<blockquote>Quoted.</blockquote>")
    assert html == "<p>Intro.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<blockquote><p>Quoted.</p></blockquote>\n"


def test_preformatted_text_keeps_its_blank_lines():
    html = wpautop("Code:\n\n<pre>a = 1\n\nb = 2</pre>\n\nAfter.")
    assert "<pre>a = 1\n\nb = 2</pre>" in html
    assert "<p>After.</p>" in html


def test_block_editor_markers_are_removed_and_paragraphs_left_alone():
    body = convert('<!-- wp:paragraph -->\n<p>Block one.</p>\n<!-- /wp:paragraph -->\n\n'
                   '<!-- wp:separator /-->\n<!-- wp:paragraph {"align":"right"} -->\n<p>Two</p>\n'
                   "<!-- /wp:paragraph -->").body
    assert "wp:" not in body
    assert body.count("<p>") == 2
    assert "<br" not in body


def test_the_more_tag_becomes_the_teaser_marker_and_nextpage_is_removed():
    body = convert("Teaser.\n<!--more-->\nRest.\n\n<!--nextpage-->\n\nPage two.").body
    assert body == f"<p>Teaser.</p>\n{MORE_MARKER}\n<p>Rest.</p>\n<p>Page two.</p>"
    assert derive_excerpt(body) == "Teaser."


def test_the_more_tag_keeps_its_custom_text_in_block_and_classic_posts():
    classic = convert("Жаңалықтар.<!--more Читать дальше »-->Толығырақ.").body
    assert classic == f"<p>Жаңалықтар.</p>\n{more_marker(' Читать дальше »')}\n<p>Толығырақ.</p>"
    block = convert("<!-- wp:paragraph --><p>新闻</p><!-- /wp:paragraph -->\n"
                    "<!-- wp:more --><!--more--><!-- /wp:more -->\n<!-- wp:paragraph --><p>全文</p><!-- /wp:paragraph -->").body
    assert MORE_MARKER in block and derive_excerpt(block) == "新闻"


def test_caption_shortcode_becomes_figure_with_caption():
    body = convert(
        'Before.\n\n[caption id="attachment_7" align="alignleft" width="300"]'
        '<a href="https://old.example/wp-content/uploads/2023/04/bazaar.jpg">'
        '<img class="wp-image-7" src="https://old.example/wp-content/uploads/2023/04/bazaar-300x200.jpg" '
        'width="300" height="200" alt="Stalls" /></a> Morning at the <em>bazaar</em>[/caption]\n\nAfter.',
        resolve,
    ).body
    assert body == (
        "<p>Before.</p>\n"
        '<figure><a href="/media/images/bazaar.jpg"><img class="wp-image-7" src="/media/images/bazaar.jpg" '
        'width="300" height="200" alt="Stalls" data-file="7" /></a>'
        "<figcaption>Morning at the <em>bazaar</em></figcaption></figure>\n"
        "<p>After.</p>"
    )


def test_caption_given_as_attribute_in_old_exports():
    body = convert('[caption id="" caption="A &amp; B" width="100"]<img src="x.jpg" alt="" />[/caption]').body
    assert body == '<figure><img src="x.jpg" alt="" /><figcaption>A &amp; B</figcaption></figure>'


def test_other_shortcodes_stay_as_text_and_are_listed():
    conversion = convert('Look: [gallery ids="1,2"]\n\n[embed]https://video.example/1[/embed] and [sic] and [audio/]')
    assert '[gallery ids="1,2"]' in conversion.body
    assert "[embed]https://video.example/1[/embed]" in conversion.body
    assert dict(conversion.shortcodes) == {"gallery": 1, "embed": 1, "audio": 1}


def test_resized_upload_urls_point_to_the_imported_image_and_lose_their_srcset():
    conversion = convert(
        '<img src="https://cdn.old.example/wp-content/uploads/2023/04/bazaar-1024x683.jpg" '
        'srcset="https://old.example/wp-content/uploads/2023/04/bazaar-300x200.jpg 300w" sizes="100vw">',
        resolve,
    )
    assert conversion.body == '<p><img src="/media/images/bazaar.jpg" data-file="7"></p>'


def test_upload_urls_that_were_not_imported_are_left_and_reported():
    conversion = convert('<a href="https://old.example/wp-content/uploads/2023/05/map%20old.pdf">map</a>', resolve)
    assert "https://old.example/wp-content/uploads/2023/05/map%20old.pdf" in conversion.body
    assert conversion.unresolved_uploads == ["2023/05/map old.pdf"]


def test_uploads_path_is_the_part_below_wp_content_uploads():
    assert uploads_path("https://old.example/wp-content/uploads/sites/2/2020/01/a%C3%A9.jpg?ver=2") == "sites/2/2020/01/aé.jpg"
    assert uploads_path("https://old.example/files/2020/01/a.jpg") is None


def test_size_variants_and_scaled_originals_name_one_attachment():
    assert candidate_paths("2023/04/photo-300x200.jpg") == [
        "2023/04/photo-300x200.jpg", "2023/04/photo.jpg", "2023/04/photo-scaled.jpg",
    ]
    assert candidate_paths("2023/04/photo-scaled.jpg") == ["2023/04/photo-scaled.jpg"]


def test_slugs_become_ascii_with_cyrillic_transliterated():
    assert ascii_slug("%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8-%d0%b8%d0%b7-%d0%b0%d0%bb%d0%bc%d0%b0%d1%82%d1%8b", 200) == "novosti-iz-almaty"
    assert ascii_slug("Zoë in Zürich", 200) == "zoe-in-zurich"
    assert ascii_slug("Қазақстан", 200) == "qazaqstan"


def test_slugs_with_no_latin_equivalent_get_a_stable_hash():
    first = ascii_slug("საქართველო", 200)
    assert first.startswith("post-") and first == ascii_slug("საქართველო", 200)
    assert first != ascii_slug("ერევანი", 200)
    assert ascii_slug("", 200) == ""
