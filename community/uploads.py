"""Uploaded documents: size-limited, and typed by what the file contains, never by its name.

PDF files start with ``%PDF-``. ODT and DOCX are ZIP archives: an ODT holds a ``mimetype`` entry
naming the OpenDocument text type, a DOCX a ``[Content_Types].xml`` declaring a Word document. A
program renamed ``report.pdf``, an HTML page renamed ``notes.docx`` or any other ZIP is refused.
"""

import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": ODT_MIMETYPE.decode(),
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# The inner parts of an office document are small; anything larger is not read.
_MAX_INNER_BYTES = 1_000_000


def max_bytes():
    return settings.COMMUNITY_UPLOAD_MAX_MB * 1024 * 1024


def detect_type(upload):
    """ "pdf", "odt" or "docx" from the file's content, or None."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= _MAX_INNER_BYTES:
                if archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
            if "[Content_Types].xml" in names and archive.getinfo("[Content_Types].xml").file_size <= _MAX_INNER_BYTES:
                if DOCX_MAIN in archive.read("[Content_Types].xml"):
                    return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def check_document(upload):
    """The document's type, or a ValidationError that says what is wrong with it."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("This file is %(size).1f MB; documents may be at most %(limit)s MB.")
            % {"size": upload.size / 1024 / 1024, "limit": settings.COMMUNITY_UPLOAD_MAX_MB},
            code="too_large",
        )
    kind = detect_type(upload)
    if kind is None:
        raise ValidationError(
            _("This file is not a PDF, ODT or DOCX document (its content was checked, not its name)."),
            code="wrong_type",
        )
    return kind


def stored_name(kind):
    return f"{uuid.uuid4().hex}.{kind}"
