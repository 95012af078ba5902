"""Write a synthetic WordPress export (WXR 1.2) for the import benchmark.

    .venv/bin/python bench/gen_wxr.py OUT.xml [--posts 5000] [--comments 50000] [--seed 1]

The shape follows a real blog of long articles: a few authors, nested
categories, a couple of hundred tags, classic-editor and block-editor posts
with captions and shortcodes, threaded comments (replies up to five deep),
pingbacks and trackbacks, some spam, pending and trashed comments, drafts,
scheduled and private posts. The same seed writes the same file; it is
written as it is generated, so its size costs no memory."""

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = (
    "steppe river border market grain water dam pipeline road election council budget winter harvest "
    "village city railway customs mountain valley lake cotton wheat bazaar caravan language school "
    "university hospital court minister region province treaty trade bridge station reform museum"
).split()
AUTHORS = [("aigerim", "Aigerim", "Sadykova"), ("bakhtiyor", "Bakhtiyor", "Rashidov"), ("mira", "Mira", "Kovacs"),
           ("nurlan", "Nurlan", "Abenov"), ("sofia", "Sofia", "Lindqvist")]
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Benchmark Blog</title>
	<link>https://bench-blog.example</link>
	<description>Generated for bluedomes' import benchmark</description>
	<language>en-GB</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench-blog.example</wp:base_site_url>
	<wp:base_blog_url>https://bench-blog.example</wp:base_blog_url>
"""
WP_DATE = "%Y-%m-%d %H:%M:%S"


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def classic_body(rng, number):
    parts = [paragraph(rng) for _ in range(rng.randint(4, 8))]
    if number % 7 == 0:
        parts.insert(2, f'[caption id="attachment_{number}" align="aligncenter" width="300"]'
                        f'<img src="https://bench-blog.example/wp-content/uploads/2020/01/p{number}-300x200.jpg" '
                        f'alt="" width="300" height="200" /> {sentence(rng, 6)}[/caption]')
    if number % 11 == 0:
        parts.append('[gallery ids="1,2,3"]')
    return "\n\n".join(parts)


def block_body(rng):
    return "\n\n".join(
        f"<!-- wp:paragraph -->\n<p>{paragraph(rng)}</p>\n<!-- /wp:paragraph -->" for _ in range(rng.randint(4, 8))
    )


def comment_xml(comment_id, parent, when, rng, kind):
    approved, comment_type, author, url = "1", "comment", rng.choice(["Reader", "Visitor", "Neighbour"]), ""
    if kind == "pingback":
        comment_type, author = "pingback", f"Other Blog &raquo; {sentence(rng, 4)}"
        url = f"https://other-{comment_id}.example/post/"
    elif kind == "trackback":
        comment_type, author, url = "trackback", "A Trackback", f"https://tb-{comment_id}.example/"
    elif kind in ("spam", "0", "trash"):
        approved = kind
    return (
        "\t\t<wp:comment>\n"
        f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
        f"\t\t\t<wp:comment_author>{cdata(author)}</wp:comment_author>\n"
        f"\t\t\t<wp:comment_author_email>{cdata(f'reader{comment_id}@readers.example')}</wp:comment_author_email>\n"
        f"\t\t\t<wp:comment_author_url>{escape(url)}</wp:comment_author_url>\n"
        f"\t\t\t<wp:comment_author_IP>{cdata(f'198.51.100.{comment_id % 250}')}</wp:comment_author_IP>\n"
        f"\t\t\t<wp:comment_date>{cdata((when + timedelta(hours=5)).strftime(WP_DATE))}</wp:comment_date>\n"
        f"\t\t\t<wp:comment_date_gmt>{cdata(when.strftime(WP_DATE))}</wp:comment_date_gmt>\n"
        f"\t\t\t<wp:comment_content>{cdata(' '.join(sentence(rng) for _ in range(rng.randint(1, 4))))}</wp:comment_content>\n"
        f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
        f"\t\t\t<wp:comment_type>{cdata(comment_type)}</wp:comment_type>\n"
        f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
        "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
        "\t\t</wp:comment>\n"
    )


def comments_for(post_number, count, published, rng, next_id):
    """``count`` comments: most top-level or replies (depth ≤ 5), a few pings,
    spam, pending and trash. Returns (xml, next free id)."""
    out, depth, ids = [], {}, []
    when = published
    for _ in range(count):
        comment_id = next_id
        next_id += 1
        when += timedelta(minutes=rng.randint(5, 600))
        roll = rng.random()
        kind = ("pingback" if roll < 0.04 else "trackback" if roll < 0.05 else "spam" if roll < 0.08
                else "0" if roll < 0.10 else "trash" if roll < 0.11 else "comment")
        parent = 0
        if kind == "comment" and ids and rng.random() < 0.5:
            parent = rng.choice(ids)
            if depth[parent] >= 4:
                parent = 0
        depth[comment_id] = depth[parent] + 1 if parent else 0
        if kind == "comment":
            ids.append(comment_id)
        out.append(comment_xml(comment_id, parent, when, rng, kind))
    return "".join(out), next_id


def post_xml(number, rng, published, comments_xml):
    title = sentence(rng, rng.randint(4, 9))[:-1]
    roll = rng.random()
    status = "publish" if roll < 0.94 else "draft" if roll < 0.97 else "future" if roll < 0.985 else "private"
    if status == "future":
        published = datetime(2099, 1, 1, tzinfo=UTC) + timedelta(days=number)
    body = block_body(rng) if number % 3 == 0 else classic_body(rng, number)
    author = AUTHORS[number % len(AUTHORS)][0]
    categories = "".join(
        f'\t\t<category domain="category" nicename="cat-{c}">{cdata(f"Category {c}")}</category>\n'
        for c in sorted({rng.randrange(20) for _ in range(rng.randint(1, 2))})
    )
    tags = "".join(
        f'\t\t<category domain="post_tag" nicename="tag-{t}">{cdata(f"Tag {t}")}</category>\n'
        for t in sorted({rng.randrange(200) for _ in range(rng.randint(0, 5))})
    )
    slug = f"{'-'.join(title.lower().split()[:6])}-{number}"
    return (
        "\t<item>\n"
        f"\t\t<title>{cdata(title)}</title>\n"
        f"\t\t<link>https://bench-blog.example/{published:%Y/%m/%d}/{slug}/</link>\n"
        f"\t\t<dc:creator>{cdata(author)}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">https://bench-blog.example/?p={number}</guid>\n'
        f"\t\t<content:encoded>{cdata(body)}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{cdata(sentence(rng) if number % 4 == 0 else '')}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{number}</wp:post_id>\n"
        f"\t\t<wp:post_date>{cdata((published + timedelta(hours=5)).strftime(WP_DATE))}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{cdata(published.strftime(WP_DATE))}</wp:post_date_gmt>\n"
        f"\t\t<wp:comment_status>{cdata('open' if number % 10 else 'closed')}</wp:comment_status>\n"
        f"\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n"
        f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
        f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
        "\t\t<wp:post_parent>0</wp:post_parent>\n"
        f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n"
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n"
        f"{categories}{tags}{comments_xml}"
        "\t</item>\n"
    )


def generate(path, posts=5000, comments=50000, seed=1):
    """Write the export to ``path``; returns (posts, comments) written."""
    rng = random.Random(seed)
    start = datetime(2012, 1, 1, 8, 0, tzinfo=UTC)
    written = 0
    next_comment_id = 1
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for index, (login, first, last) in enumerate(AUTHORS, 1):
            out.write(f"\t<wp:author><wp:author_id>{index}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
                      f"<wp:author_email>{cdata(login + '@bench-blog.example')}</wp:author_email>"
                      f"<wp:author_display_name>{cdata(first + ' ' + last)}</wp:author_display_name>"
                      f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                      f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n")
        for c in range(20):
            parent = f"cat-{c - 10}" if c >= 10 else ""
            out.write(f"\t<wp:category><wp:term_id>{c + 1}</wp:term_id><wp:category_nicename>{cdata(f'cat-{c}')}"
                      f"</wp:category_nicename><wp:category_parent>{cdata(parent)}</wp:category_parent>"
                      f"<wp:cat_name>{cdata(f'Category {c}')}</wp:cat_name></wp:category>\n")
        for t in range(200):
            out.write(f"\t<wp:tag><wp:term_id>{100 + t}</wp:term_id><wp:tag_slug>{cdata(f'tag-{t}')}</wp:tag_slug>"
                      f"<wp:tag_name>{cdata(f'Tag {t}')}</wp:tag_name></wp:tag>\n")
        for number in range(1, posts + 1):
            published = start + timedelta(hours=number * 13)
            # Spread the comments evenly, remainder to the first posts.
            count = comments // posts + (1 if number <= comments % posts else 0)
            comments_xml, next_comment_id = comments_for(number, count, published, rng, next_comment_id)
            written += count
            out.write(post_xml(number, rng, published, comments_xml))
        out.write("</channel>\n</rss>\n")
    return posts, written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    posts, comments = generate(args.out, args.posts, args.comments, args.seed)
    print(f"{args.out}: {posts} posts, {comments} comments, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
