"""Documents: checking an upload by its content, storing it, serving it.

An upload's kind is read from its first bytes (a PDF's ``%PDF-``, the parts
inside an Office or OpenDocument zip, text that decodes as UTF-8) and must
agree with its name's extension: an .exe renamed report.pdf is refused, and
a zip passing for a .docx without Word's parts too. Macro-enabled Office
files are refused whatever they are called. The stored name is the
transliterated title of the file with the extension of the kind found, so
nothing is ever stored, or served, as .html.

Readers get a document through ``serve``, not straight from MEDIA_URL: the
response carries the kind's own type, ``nosniff`` and a sandboxing CSP, and
every kind but PDF (which browsers show safely) comes as an attachment."""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Document
from .slugs import ascii_slug

Kind = Document.Kind
CONTENT_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Kind.ODT: "application/vnd.oasis.opendocument.text",
    Kind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    Kind.CSV: "text/csv; charset=utf-8",
    Kind.TXT: "text/plain; charset=utf-8",
}
EXTENSIONS = {".pdf": Kind.PDF, ".docx": Kind.DOCX, ".xlsx": Kind.XLSX, ".pptx": Kind.PPTX,
              ".odt": Kind.ODT, ".ods": Kind.ODS, ".csv": Kind.CSV, ".txt": Kind.TXT}
ACCEPT = ",".join(EXTENSIONS)
# The part each Office format has and the others have not.
_OFFICE_PARTS = {"word/document.xml": Kind.DOCX, "xl/workbook.xml": Kind.XLSX, "ppt/presentation.xml": Kind.PPTX}
_OPENDOCUMENT = {b"application/vnd.oasis.opendocument.text": Kind.ODT,
                 b"application/vnd.oasis.opendocument.spreadsheet": Kind.ODS}
# Text is read whole to check it; more than this is not a text a newsroom links.
_TEXT_LIMIT = 20 * 1024 * 1024


def max_bytes():
    return settings.BLUEDOMES_DOCUMENT_MAX_BYTES


def detect_kind(file):
    """The Kind ``file``'s content shows, or None when it is none we accept."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return Kind.PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        return _text_kind(file, head)
    finally:
        file.seek(0)


def _zip_kind(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            if "mimetype" in names:
                return _OPENDOCUMENT.get(archive.read("mimetype")[:100].strip())
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in _OFFICE_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _text_kind(file, head):
    data = file.read(_TEXT_LIMIT + 1)
    if len(data) > _TEXT_LIMIT or b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return None
    return Kind.TXT


def validate_document(file):
    """The Kind of an acceptable upload; ValidationError with the reason otherwise."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes():
        raise ValidationError(
            _("This file is %(size)s; documents may be at most %(limit)s."),
            code="too_large", params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        )
    extension = os.path.splitext(file.name or "")[1].lower()
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise ValidationError(
            _("%(extension)s files are not accepted: upload a PDF, Word, Excel, PowerPoint, "
              "OpenDocument, CSV or plain text file."),
            code="extension", params={"extension": extension or _("Files without an extension")},
        )
    found = detect_kind(file)
    # A CSV is text whose name says it is a table.
    if found == Kind.TXT and claimed == Kind.CSV:
        found = Kind.CSV
    if found != claimed:
        raise ValidationError(
            _("This file is not the %(kind)s its name says: its content is something else. "
              "Upload the document itself."),
            code="content", params={"kind": Kind(claimed).label},
        )
    return found


def store_document(document, file):
    """Check ``file`` and save it as ``document``'s file; returns the document."""
    kind = validate_document(file)
    stem = ascii_slug(os.path.splitext(os.path.basename(file.name))[0], 80, fallback_prefix="document")
    document.kind = kind
    document.size = file.size
    document.file.save(f"{stem or 'document'}.{kind}", File(file), save=False)
    document.save()
    return document


def serve(request, pk, filename):
    """The document, with its kind's type and never as a page."""
    document = get_object_or_404(Document, pk=pk)
    if filename != document.filename:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=CONTENT_TYPES[document.kind],
        as_attachment=document.kind != Kind.PDF, filename=document.filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return response
