"""Documents in the media library: accepted by their content, refused with a
form error when their content is not what their name says or too big, and
served with their own type, never as a page."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.documents import detect_kind, store_document
from articles.models import Document
from tests.factories import make_user

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODS = office({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


@pytest.fixture
def editor(db, client):
    user = make_user(username="nadia", is_staff=True, groups=[Group.objects.get(name="Editors")])
    client.force_login(user)
    return user


def upload(client, name, data, title="Отчёт 2024"):
    return client.post(reverse("admin:articles_document_add"), {
        "title": title, "upload": SimpleUploadedFile(name, data),
    })


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("report.pdf", PDF, "pdf"), ("budget.docx", DOCX, "docx"), ("table.ods", ODS, "ods"),
    ("data.csv", "регион,доля\nАлматы,3%\n".encode(), "csv"), ("readme.txt", "Қазақша мәтін".encode(), "txt"),
])
def test_an_editor_uploads_documents_of_each_kind(client, editor, name, data, kind):
    response = upload(client, name, data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.kind, document.size, document.uploaded_by) == (kind, len(data), editor)
    assert document.file.name.endswith(f".{kind}")


def test_an_exe_renamed_pdf_is_refused_with_a_form_error(client, editor):
    response = upload(client, "report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200))
    assert response.status_code == 200
    assert "is not the PDF its name says" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "data"), [
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("report.docx", office({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>",
                            "word/vbaProject.bin": "macro"})),
    ("report.docx", office({"hello.txt": "not office"})),
    ("notes.txt", b"text\x00with NUL"),
])
def test_html_macros_and_disguised_files_are_refused(client, editor, name, data):
    assert upload(client, name, data).status_code == 200
    assert not Document.objects.exists()


def test_an_oversize_document_is_refused_with_a_form_error(client, editor, settings):
    settings.BLUEDOMES_DOCUMENT_MAX_BYTES = 1024
    response = upload(client, "report.pdf", PDF + bytes(2048))
    assert response.status_code == 200
    assert "documents may be at most 1.0\xa0KB" in response.content.decode()
    assert not Document.objects.exists()


def test_a_pdf_is_shown_inline_and_other_kinds_come_as_attachments(client, db):
    pdf = store_document(Document(title="Отчёт"), SimpleUploadedFile("Отчёт за год.pdf", PDF))
    assert pdf.filename == "otchyot-za-god.pdf"
    response = client.get(pdf.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF
    text = store_document(Document(title="Notes"), SimpleUploadedFile("notes.txt", b"<script>alert(1)</script>"))
    response = client.get(text.get_absolute_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_wrong_file_name_or_id_answers_404(client, db):
    pdf = store_document(Document(title="Отчёт"), SimpleUploadedFile("report.pdf", PDF))
    assert client.get(f"/documents/{pdf.pk}/other.pdf").status_code == 404
    assert client.get(f"/documents/{pdf.pk + 1}/report.pdf").status_code == 404


def test_detect_kind_reads_content_not_names():
    assert detect_kind(io.BytesIO(PDF)) == "pdf"
    assert detect_kind(io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(10))) is None


def test_the_document_list_shows_title_kind_and_size(client, editor):
    store_document(Document(title="Годовой отчёт", uploaded_by=editor), SimpleUploadedFile("r.pdf", PDF))
    page = client.get(reverse("admin:articles_document_changelist")).content.decode()
    assert "Годовой отчёт" in page and "PDF" in page
