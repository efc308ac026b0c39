"""Resources: links (web pages only) or documents typed by their content, size-limited."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import Resource, ResourceFlag
from tests.factories import ResourceFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"})
DOCX = _zip(
    {
        "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": "<w:document/>",
    }
)


def _post(client, org, **fields):
    data = {"organization": org.pk, "title": "Partnership checklist", "area": "selecting", "language": "English"}
    data.update(fields)
    return client.post("/community/resources/new/", data)


def test_a_link_is_shared(client_for, volunteer, org, outsider):
    response = _post(client_for(volunteer), org, url="https://example.org/checklist")
    resource = Resource.objects.get()
    assert response["Location"] == resource.get_absolute_url()
    assert resource.added_by == volunteer
    page = client_for(outsider).get("/community/resources/").content.decode()
    assert "Partnership checklist" in page


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.org/f"])
def test_only_web_links_are_accepted(client_for, volunteer, org, link):
    response = _post(client_for(volunteer), org, url=link)
    page = response.content.decode()
    assert "Enter a web address starting with http:// or https://." in page
    assert "Partnership checklist" in page
    assert not Resource.objects.exists()


def test_a_link_or_a_document_is_required(client_for, volunteer, org):
    response = _post(client_for(volunteer), org)
    assert "Give a link or upload a document." in response.content.decode()
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("guide.pdf", PDF, "pdf", "application/pdf"),
        ("guide.odt", ODT, "odt", "application/vnd.oasis.opendocument.text"),
        ("guide.docx", DOCX, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        # The name does not matter, the content does.
        ("guide.bin", PDF, "pdf", "application/pdf"),
    ],
)
def test_a_document_is_typed_by_its_content(client_for, volunteer, org, outsider, name, content, kind, content_type):
    _post(client_for(volunteer), org, document=SimpleUploadedFile(name, content, "application/octet-stream"))
    resource = Resource.objects.get()
    assert resource.document_type == kind
    assert resource.document.name.endswith(f".{kind}") and "guide" not in resource.document.name
    response = client_for(outsider).get(f"/community/resources/{resource.pk}/document/")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="partnership-checklist.{kind}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode"),
        ("notes.docx", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", _zip({"evil.exe": "MZ"})),
        ("fake.odt", _zip({"mimetype": "application/zip"})),
    ],
)
def test_a_disguised_file_is_refused(client_for, volunteer, org, name, content):
    response = _post(client_for(volunteer), org, document=SimpleUploadedFile(name, content, "application/pdf"))
    page = response.content.decode()
    assert "This file is not a PDF, ODT or DOCX document (its content was checked, not its name)." in page
    assert "Partnership checklist" in page
    assert not Resource.objects.exists()


def test_an_oversized_document_is_refused(client_for, volunteer, org, settings):
    settings.COMMUNITY_UPLOAD_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = _post(client_for(volunteer), org, document=SimpleUploadedFile("big.pdf", big, "application/pdf"))
    assert "This file is 1.0 MB; documents may be at most 1 MB." in response.content.decode()
    assert not Resource.objects.exists()


def test_anyone_signed_in_flags_a_broken_link_once(client_for, org, outsider):
    resource = ResourceFactory(organization=org)
    client = client_for(outsider)
    url = f"/community/resources/{resource.pk}/flag/"
    assert client.post(url, {"reason": "broken", "note": "404 since May"}).status_code == 302
    response = client.post(url, {"reason": "broken"})
    assert "You have already reported this problem with this resource." in response.content.decode()
    assert ResourceFlag.objects.count() == 1
    assert "reported 1 time" in client.get("/community/resources/").content.decode()
    assert client.post(url, {"reason": "duplicate"}).status_code == 302
    assert ResourceFlag.objects.count() == 2


def test_another_organization_cannot_edit_a_resource(client_for, org, outsider):
    resource = ResourceFactory(organization=org, title="Ours")
    response = client_for(outsider).post(f"/community/resources/{resource.pk}/edit/", {"title": "Theirs"})
    assert response.status_code == 404
    resource.refresh_from_db()
    assert resource.title == "Ours"
