"""Galleries and documents of a WordPress export: [gallery] becomes one of
our galleries, PDFs become documents, and every old address of a document
(its file, its attachment page, their shortlinks) answers 301 to it."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.documents import store_document
from articles.galleries import gallery_html
from articles.models import Article, Document, Image
from tests.factories import make_article, make_image, make_user
from tests.snapshots import site_snapshot
from tests.wordpress.conftest import run_import
from tests.wordpress.test_export import export_site, wipe_site

MEDIA_EXPORT = Path(__file__).parent / "fixtures" / "media.xml"
PDF = b"%PDF-1.5\n1 0 obj <<>> endobj\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(media_root, tmp_path):
    root = tmp_path / "uploads"
    (root / "2024/03").mkdir(parents=True)
    PILImage.new("RGB", (1000, 750), (200, 120, 40)).save(root / "2024/03/osh.jpg", "JPEG")
    PILImage.new("RGB", (1000, 750), (40, 90, 200)).save(root / "2024/03/almaty.jpg", "JPEG")
    (root / "2024/03/water-report.pdf").write_bytes(PDF)
    (root / "2024/03/budget.pdf").write_bytes(b"MZ\x90\x00" + bytes(64))
    return run_import(MEDIA_EXPORT, media_dir=str(root))


def article(wp_id):
    return Article.objects.get(wordpress_id=wp_id)


def gallery_ids(body):
    return [int(pk) for pk in re.findall(r'<figure class="gallery"><img [^>]*data-file="(\d+)"', body)]


def test_a_gallery_with_ids_shows_those_pictures_in_that_order(imported):
    osh, almaty = Image.objects.get(wordpress_id=31), Image.objects.get(wordpress_id=32)
    body = article(202).body
    assert gallery_ids(body) == [almaty.pk, osh.pk]
    assert "<figcaption>Алматы таулары</figcaption>" in body
    assert "[gallery" not in body and "[gallery" not in imported


def test_a_gallery_without_ids_shows_the_posts_pictures_in_menu_order(imported):
    osh, almaty = Image.objects.get(wordpress_id=31), Image.objects.get(wordpress_id=32)
    assert gallery_ids(article(201).body) == [almaty.pk, osh.pk]


def test_no_shortcode_text_reaches_cards_descriptions_or_feeds(client, imported):
    post = article(201)
    assert post.summary == "Снимки недели. Конец."
    home = client.get("/").content.decode()
    assert "[gallery" not in home and "<figure class=\"gallery\"" not in home and "Алматы таулары" not in home
    assert "[gallery" not in client.get("/feed/").content.decode()
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('<div class="gallery">') == 1
    assert "[gallery" not in page


def test_a_pdf_becomes_a_document_and_a_disguised_one_is_refused_and_reported(client, imported):
    report = Document.objects.get()
    assert (report.wordpress_id, report.title, report.kind) == (33, "Водный отчёт 2024", "pdf")
    assert report.wordpress_path == "2024/03/water-report.pdf"
    assert b"".join(client.get(report.get_absolute_url()).streaming_content) == PDF
    assert "skipped attachment #34 “Budget”: 2024/03/budget.pdf: This file is not the PDF its name says" in imported


def test_links_to_the_documents_file_and_attachment_page_are_rewritten(imported):
    url = Document.objects.get().get_absolute_url()
    body = article(202).body
    assert f'<a href="{url}" rel="noopener noreferrer">the report</a>' in body
    assert f'<a href="{url}" rel="noopener noreferrer">page</a>' in body
    assert f'<a href="{url}" rel="noopener noreferrer">this one</a>' in body
    assert 'href="https://elsewhere.example/?attachment_id=33"' in body


@pytest.mark.parametrize("old", [
    "/wp-content/uploads/2024/03/water-report.pdf",
    "/?attachment_id=33",
    "/?p=33",
    "/water-report/",
    "/water-report",
    "/2024/03/03/report-post/water-report/",
])
def test_old_addresses_of_a_document_answer_301_to_it(client, imported, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == Document.objects.get().get_absolute_url()


def test_a_second_import_creates_no_second_document(imported, media_root, tmp_path):
    output = run_import(MEDIA_EXPORT, media_dir=str(tmp_path / "uploads"))
    assert Document.objects.count() == 1
    assert len(gallery_ids(article(202).body)) == 2
    assert Image.objects.count() == 2
    assert "documents" in output


def test_a_site_with_a_gallery_and_a_pdf_comes_back_unchanged(media_root, tmp_path):
    writer = make_user(username="nadia", first_name="Надия", last_name="Рахимова")
    pictures = [make_image(alt_text="Купол", caption="Бухара", uploaded_by=writer),
                make_image(alt_text="Қала", caption="Түркістан", uploaded_by=writer)]
    document = store_document(Document(title="Годовой отчёт", uploaded_by=writer),
                              SimpleUploadedFile("otchet.pdf", PDF))
    body = (f"<p>Снимки.</p>{gallery_html((p, p.caption) for p in pictures)}"
            f'<p><a href="{document.get_absolute_url()}" rel="noopener noreferrer">Отчёт (PDF)</a></p>')
    make_article(title="Галерея и отчёт", slug="galereya", author=writer, body=body,
                 published_at=timezone.now().replace(microsecond=0) - timedelta(days=1))
    before = site_snapshot()
    path, media, _output = export_site(tmp_path)
    wipe_site()
    Document.objects.all().delete()
    run_import(path, media_dir=str(media))

    assert site_snapshot() == before
    back = Document.objects.get()
    assert (back.title, back.kind, back.uploaded_by.username) == ("Годовой отчёт", "pdf", "nadia")
    assert back.file.read() == PDF
    story = Article.objects.get(slug="galereya")
    assert [Image.objects.get(pk=pk).caption for pk in gallery_ids(story.body)] == ["Бухара", "Түркістан"]
    assert f'<a href="{back.get_absolute_url()}" rel="noopener noreferrer">Отчёт (PDF)</a>' in story.body
