"""Fill an empty site with a small demo blog: people, sections, ~20 articles
with generated pictures. Safe to run on every start: whatever already exists
(matched by username or slug) is left alone, so a second run creates nothing."""

import io
import math
import re
from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from comments.moderator.demo_queue import ensure_demo_queue
from navigation.demo import ensure_demo_menus

from ... import images
from ...editor import display_url
from ...models import Article, Category, Page, Tag
from ...richtext import derive_excerpt, sanitize_body
from .. import demo_content as demo
from ..demo_translations import TRANSLATIONS

LINK = re.compile(r"\{link:([a-z0-9-]+)\}")
PICTURE_SIZE = (1600, 900)


class Command(BaseCommand):
    help = "Load the demo blog (authors, categories, tags, articles with pictures). Idempotent."

    def handle(self, *args, **options):
        self.created = Counter()
        with transaction.atomic():
            people = self.ensure_people()
            categories = self.ensure_terms(Category, [(s, n, {"description": d}) for s, n, d in demo.CATEGORIES])
            tags = self.ensure_terms(Tag, [(s, n, {}) for s, n in demo.TAGS])
            # Translations after the English articles they point at.
            for position, spec in enumerate(demo.ARTICLES + TRANSLATIONS):
                self.ensure_article(spec, position, people, categories, tags)
            self.ensure_pages(people["mira"])
            newest = Article.objects.published().filter(allow_comments=True).first()
            made = ensure_demo_queue(newest) if newest is not None else 0
            if made:
                self.created["comments"] += made
            if menu_items := ensure_demo_menus([slug for slug, _name, _text in demo.CATEGORIES]):
                self.created["menu items"] += menu_items
        if self.created:
            made = ", ".join(f"{count} {kind}" for kind, count in self.created.items())
            self.stdout.write(f"Demo content created: {made}.")
        else:
            self.stdout.write("Demo content already loaded: nothing new created.")

    def ensure_pages(self, editor):
        made = {}
        for slug, parent, title, body, has_contact_form in demo.PAGES:
            made[slug], created = Page.objects.get_or_create(
                slug=slug, parent=made.get(parent),
                defaults={"title": title, "body": sanitize_body(body), "status": Page.Status.PUBLISHED,
                          "author": editor, "has_contact_form": has_contact_form},
            )
            if created:
                self.created["pages"] += 1

    def ensure_people(self):
        User = get_user_model()
        people = {}
        for spec in demo.AUTHORS:
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "email": f"{spec['username']}@example.org",
                    "is_staff": True,
                },
            )
            if created:
                # Demo people log in only after an administrator sets them a
                # password: a known demo password would be a way in.
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=spec["group"]))
                self.created["people"] += 1
            people[spec["username"]] = user
        return people

    def ensure_terms(self, model, specs):
        terms = {}
        for slug, name, extra in specs:
            term, created = model.objects.get_or_create(slug=slug, defaults={"name": name, **extra})
            if created:
                self.created[str(model._meta.verbose_name_plural)] += 1
            terms[slug] = term
        return terms

    def ensure_article(self, spec, position, people, categories, tags):
        if Article.objects.filter(slug=spec["slug"]).exists():
            return
        palette = demo.PALETTES[spec["categories"][0]]
        writer = people[spec["author"]]
        featured = self.picture(
            spec["slug"], spec["title"], palette, spec["motif"], uploaded_by=writer,
            alt_text=f"Illustration for “{spec['title']}”: {spec['motif']} drawn over a colour gradient",
        )
        body = LINK.sub(lambda match: Article.objects.get(slug=match.group(1)).get_full_url(), spec["body"])
        if figure := demo.BODY_FIGURES.get(spec["slug"]):
            body = self.with_figure(body, spec, palette, writer, *figure)
        body = sanitize_body(body)
        day = timezone.localtime() - timedelta(days=spec["days_ago"])
        article = Article.objects.create(
            title=spec["title"],
            slug=spec["slug"],
            author=writer,
            body=body,
            excerpt=derive_excerpt(body),
            featured_image=featured,
            status=spec.get("status", Article.Status.PUBLISHED),
            published_at=day.replace(hour=7 + position % 11, minute=(position * 17) % 60, second=0, microsecond=0),
            language=spec.get("language", "en"),
            translation_of=Article.objects.filter(slug=spec.get("translation_of", "")).first(),
        )
        article.categories.set([categories[slug] for slug in spec["categories"]])
        article.tags.set([tags[slug] for slug in spec["tags"]])
        self.created["articles"] += 1

    def with_figure(self, body, spec, palette, writer, motif, alt_text, caption):
        """``body`` with a picture after its first paragraph, as the editor
        would insert it."""
        picture = self.picture(
            f"{spec['slug']}-figure", "", tuple(reversed(palette)), motif,
            alt_text=alt_text, caption=caption, fmt="PNG", size=(1200, 800),
            uploaded_by=writer,
        )
        figure = (
            f'<figure><img src="{display_url(picture)}" alt="{escape(picture.alt_text)}" '
            f'data-file="{picture.pk}"><figcaption>{escape(caption)}</figcaption></figure>'
        )
        return body.replace("</p>", "</p>" + figure, 1)

    def picture(self, name, title, palette, motif, *, alt_text, uploaded_by, caption="", fmt="JPEG",
                size=PICTURE_SIZE):
        data = draw_picture(title, palette, motif, size, fmt)
        upload = ContentFile(data, name=f"{name}.{'png' if fmt == 'PNG' else 'jpg'}")
        self.created["images"] += 1
        return images.create_image(upload, alt_text=alt_text, caption=caption, uploaded_by=uploaded_by)


def draw_picture(title, palette, motif, size, fmt):
    """A gradient with a motif and the title: a recognisable stand-in photo."""
    width, height = size
    top, bottom = palette
    mask = PILImage.linear_gradient("L").resize(size)
    picture = PILImage.composite(PILImage.new("RGB", size, bottom), PILImage.new("RGB", size, top), mask)
    draw = ImageDraw.Draw(picture, "RGBA")
    MOTIFS.get(motif, _domes)(draw, width, height)
    if title:
        font = title_font(height // 14)
        box = draw.textbbox((0, 0), title, font=font)
        text_width, text_height = box[2] - box[0], box[3] - box[1]
        x, y = (width - text_width) // 2, int(height * 0.78)
        pad = height // 40
        draw.rounded_rectangle(
            (x - 2 * pad, y - pad, x + text_width + 2 * pad, y + text_height + 2 * pad), radius=pad, fill=(0, 0, 0, 120)
        )
        draw.text((x, y - box[1] + pad // 2), title, font=font, fill=(255, 255, 255, 235))
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def title_font(size):
    """DejaVu Sans where the system has it (Debian's fonts-dejavu-core): Pillow's
    own default font has no Cyrillic, and the Russian and Kazakh pictures'
    titles came out as empty boxes."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _domes(draw, width, height):
    ground = int(height * 0.72)
    for i, scale in enumerate((0.16, 0.24, 0.16, 0.11)):
        cx = int(width * (0.2 + 0.2 * i))
        r = int(height * scale)
        draw.rectangle((cx - r, ground - r // 2, cx + r, ground), fill=(235, 225, 205, 230))
        draw.pieslice((cx - r, ground - r // 2 - r, cx + r, ground - r // 2 + r), 180, 360, fill=(40, 110, 190, 240))
        draw.line((cx, ground - r // 2 - r - height // 20, cx, ground - r // 2 - r), fill=(230, 200, 90, 255), width=6)


def _arches(draw, width, height):
    ground = int(height * 0.75)
    span = width // 6
    for i in range(6):
        x = i * span
        draw.rectangle((x, int(height * 0.25), x + span, ground), fill=(240, 230, 210, 200))
        draw.rectangle((x + span // 5, int(height * 0.45), x + 4 * span // 5, ground), fill=(30, 50, 80, 220))
        draw.pieslice((x + span // 5, int(height * 0.33), x + 4 * span // 5, int(height * 0.57)), 180, 360,
                      fill=(30, 50, 80, 220))


def _peaks(draw, width, height):
    for i, (peak, base) in enumerate(((0.25, 0.75), (0.55, 0.8), (0.8, 0.72))):
        cx = int(width * peak)
        spread = int(width * 0.32)
        top = int(height * (0.18 + 0.08 * i))
        draw.polygon([(cx - spread, int(height * base)), (cx, top), (cx + spread, int(height * base))],
                     fill=(60 + 30 * i, 70 + 30 * i, 90 + 30 * i, 230))
        draw.polygon([(cx - spread // 5, top + (height // 10)), (cx, top), (cx + spread // 5, top + height // 10)],
                     fill=(250, 250, 255, 240))


def _rails(draw, width, height):
    vanish = (width // 2, int(height * 0.35))
    for offset in (-0.18, 0.18):
        draw.line((vanish, (int(width * (0.5 + offset * 3)), height)), fill=(220, 220, 230, 230), width=10)
    for step in range(1, 14):
        t = (step / 14) ** 1.8
        y = vanish[1] + int((height - vanish[1]) * t)
        half = int(width * 0.54 * t)
        draw.line((vanish[0] - half, y, vanish[0] + half, y), fill=(90, 60, 40, 220), width=max(2, int(14 * t)))


def _river(draw, width, height):
    points_top = [(x, int(height * 0.5 + math.sin(x / width * 6) * height * 0.08)) for x in range(0, width + 1, 20)]
    points_bottom = [(x, y + int(height * 0.16)) for x, y in reversed(points_top)]
    draw.polygon(points_top + points_bottom, fill=(110, 180, 230, 220))
    for x in range(40, width, 160):
        draw.ellipse((x, int(height * 0.3), x + 50, int(height * 0.3) + 50), fill=(40, 120, 60, 220))


def _stalls(draw, width, height):
    colours = [(200, 60, 50, 230), (240, 230, 210, 230)]
    for i in range(12):
        x = i * width // 12
        draw.rectangle((x, int(height * 0.2), x + width // 12, int(height * 0.38)), fill=colours[i % 2])
    for i in range(10):
        cx = int(width * (0.08 + 0.09 * i))
        draw.ellipse((cx - 40, int(height * 0.52), cx + 40, int(height * 0.52) + 80), fill=(230, 150, 40, 235))


def _grid(draw, width, height):
    for x in range(0, width, width // 10):
        draw.line((x, int(height * 0.15), x + width // 20, int(height * 0.7)), fill=(230, 230, 240, 160), width=4)
    draw.line((0, int(height * 0.3), width, int(height * 0.25)), fill=(250, 210, 80, 220), width=6)
    draw.line((0, int(height * 0.4), width, int(height * 0.36)), fill=(250, 210, 80, 220), width=6)


def _waves(draw, width, height):
    for band in range(5):
        y0 = int(height * (0.2 + band * 0.1))
        points = [(x, y0 + int(math.sin(x / 90 + band) * 18)) for x in range(0, width + 1, 15)]
        draw.line(points, fill=(255, 255, 255, 90 + band * 30), width=8)


def _rows(draw, width, height):
    for i in range(14):
        y = int(height * (0.35 + i * 0.03))
        draw.line((0, y, width, y - 40), fill=(240, 240, 230, 130 + i * 8), width=6)


def _sky(draw, width, height):
    draw.ellipse((int(width * 0.7), int(height * 0.1), int(width * 0.7) + 200, int(height * 0.1) + 200),
                 fill=(250, 220, 120, 240))
    for i in range(6):
        x, y = int(width * (0.15 + i * 0.08)), int(height * (0.35 - (i % 3) * 0.05))
        draw.line((x, y, x + 30, y + 15, x + 60, y), fill=(20, 30, 50, 230), width=5)


MOTIFS = {
    "domes": _domes, "arches": _arches, "peaks": _peaks, "rails": _rails, "river": _river,
    "stalls": _stalls, "grid": _grid, "waves": _waves, "rows": _rows, "sky": _sky,
}
