"""Uploads through the real admin views: who may upload images and documents (single, multiple and
the chooser's upload), and what is stored: metadata removed, limits, mislabelled, damaged and hostile
files refused with a message."""

import io
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms
from wagtail.models import Collection, UploadedFile

from articles.models import LoraDocument, LoraImage
from governance.roles import EDITORS, MONETIZATION_MANAGERS, POLICY_REVIEWERS, TRANSLATORS, WRITERS, ensure_roles

pytestmark = pytest.mark.django_db
RESOURCES = Path(__file__).resolve().parents[2] / "articles" / "demo" / "resources"


@pytest.fixture
def login(client, django_user_model):
    ensure_roles()

    def as_role(*groups):
        user = django_user_model.objects.create_user(f"u{django_user_model.objects.count()}", password="pw")
        user.groups.set([Group.objects.get(name=name) for name in groups])
        client.force_login(user)
        return client

    return as_role


def root():
    return Collection.get_first_root_node().pk


def png(size=(64, 48), colour=(11, 92, 173), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_jpeg():
    """A 60 × 40 JPEG as a phone writes it: GPS position, camera make, orientation "rotate 90° CW"
    (so it shows 40 × 60), XMP, a comment and an sRGB profile."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneCo"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    buffer = io.BytesIO()
    image = Image.new("RGB", (60, 40), (200, 10, 10))
    image.paste((10, 10, 200), (0, 0, 30, 40))  # left half blue: shows where the rotation put it
    image.save(buffer, "JPEG", exif=exif.tobytes(), icc_profile=SRGB, comment=b"home address",
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Creator: someone</x:xmpmeta>')
    return buffer.getvalue()


def upload_image(client, name, data, title="Upload"):
    return client.post(reverse("wagtailimages:add"), {
        "title": title, "collection": root(), "file": SimpleUploadedFile(name, data),
    })


def form_errors(response):
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


# --- Who may upload ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [WRITERS, EDITORS, TRANSLATORS])
def test_writers_editors_and_translators_upload_images_single_multiple_and_chooser(login, role):
    client = login(role)
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    response = upload_image(client, "single.png", png(colour=(1, 2, 3)), title="Single")
    assert response.status_code == 302, form_errors(response)
    response = client.post(reverse("wagtailimages:add_multiple"), {
        "files[]": SimpleUploadedFile("multiple.png", png(colour=(4, 5, 6))), "collection": root()})
    assert response.json()["success"] is True
    response = client.post(reverse("wagtailimages_chooser:create"), {
        "image-chooser-upload-title": "Chosen", "image-chooser-upload-collection": root(),
        "image-chooser-upload-file": SimpleUploadedFile("chooser.png", png(colour=(7, 8, 9)))})
    assert response.status_code == 200 and response.json()["step"] == "chosen", response.content[:300]
    assert set(LoraImage.objects.values_list("title", flat=True)) == {"Single", "multiple.png", "Chosen"}


@pytest.mark.parametrize("role", [WRITERS, EDITORS, TRANSLATORS])
def test_writers_editors_and_translators_upload_documents_single_multiple_and_chooser(login, role):
    client = login(role)
    text = (RESOURCES / "adapter-rollback-runbook.en.md").read_bytes()
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "Runbook", "collection": root(), "language": "en", "file": SimpleUploadedFile("runbook.md", text)})
    assert response.status_code == 302
    response = client.post(reverse("wagtaildocs:add_multiple"), {
        "files[]": SimpleUploadedFile("checklist.md", b"# Checklist\n\n- one\n"), "collection": root()})
    assert response.json()["success"] is True
    response = client.post(reverse("wagtaildocs_chooser:create"), {
        "document-chooser-upload-title": "Chosen", "document-chooser-upload-collection": root(),
        "document-chooser-upload-language": "en",
        "document-chooser-upload-file": SimpleUploadedFile("pool.tf", b'resource "x" "y" {}\n')})
    assert response.json()["step"] == "chosen", response.content[:300]
    # The multiple upload holds the file until its form (the document's language) is completed.
    assert LoraDocument.objects.count() + UploadedFile.objects.count() == 3


def test_translators_edit_and_choose_images(login):
    image = LoraImage.objects.create(title="Diagram", file=SimpleUploadedFile("d.png", png()))
    client = login(TRANSLATORS)
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
    assert client.get(reverse("wagtailimages_chooser:choose")).status_code == 200


@pytest.mark.parametrize("role", [POLICY_REVIEWERS, MONETIZATION_MANAGERS])
def test_other_roles_upload_nothing(login, role):
    client = login(role)
    response = upload_image(client, "x.png", png())
    assert response.status_code == 302 and LoraImage.objects.count() == 0
    response = client.post(reverse("wagtailimages:add_multiple"), {
        "files[]": SimpleUploadedFile("multiple.png", png()), "collection": root()})
    assert response.status_code in (302, 403)
    response = client.post(reverse("wagtaildocs:add_multiple"), {
        "files[]": SimpleUploadedFile("a.md", b"# A\n"), "collection": root()})
    assert response.status_code in (302, 403)
    assert LoraDocument.objects.count() == 0


def test_editing_an_image_without_a_new_file_keeps_it(login):
    image = LoraImage.objects.create(title="Diagram", file=SimpleUploadedFile("d.png", png()))
    client = login(TRANSLATORS)
    response = client.post(reverse("wagtailimages:edit", args=[image.pk]), {
        "title": "Diagram, retitled", "collection": root(), "alt_text_de": "Ein Diagramm der Adapter"})
    assert response.status_code == 302, response.context["form"].errors
    image.refresh_from_db()
    assert image.title == "Diagram, retitled" and image.alt_text_de == "Ein Diagramm der Adapter"


def test_chooser_upload_refuses_a_bad_file_with_the_form(login):
    response = login(WRITERS).post(reverse("wagtailimages_chooser:create"), {
        "image-chooser-upload-title": "Bomb", "image-chooser-upload-collection": root(),
        "image-chooser-upload-file": SimpleUploadedFile("bomb.png", bomb_png())})
    assert response.status_code == 200 and response.json()["step"] == "reshow_creation_form"
    assert "11000 × 11000 pixels" in response.json()["htmlFragment"]
    assert LoraImage.objects.count() == 0


# --- Metadata ------------------------------------------------------------------------------------

def test_gps_and_other_metadata_removed_orientation_applied_profile_kept(login):
    client = login(WRITERS)
    response = upload_image(client, "phone.jpg", phone_jpeg())
    assert response.status_code == 302, form_errors(response)
    image = LoraImage.objects.get()
    assert (image.width, image.height) == (40, 60)
    with image.file.open("rb") as handle:
        stored = handle.read()
    for secret in (b"Exif", b"PhoneCo", b"home address", b"xmpmeta", b"Creator"):
        assert secret not in stored
    original = Image.open(io.BytesIO(stored))
    assert original.size == (40, 60)
    assert not original.getexif() and not original.getexif().get_ifd(0x8825)
    assert original.info.get("icc_profile") == SRGB
    # Rotated 90° clockwise, the blue left half is now the top half.
    assert original.convert("RGB").getpixel((20, 5))[2] > 150
    assert original.convert("RGB").getpixel((20, 55))[0] > 150
    assert image.file_size == len(stored)

    rendition = image.get_rendition("fill-20x30")
    with rendition.file.open("rb") as handle:
        rendered = handle.read()
    assert b"Exif" not in rendered and b"PhoneCo" not in rendered
    assert not Image.open(io.BytesIO(rendered)).getexif()
    assert Image.open(io.BytesIO(rendered)).info.get("icc_profile") == SRGB  # Willow carries the profile over
    assert (rendition.width, rendition.height) == (20, 30)


def test_multiple_upload_removes_metadata_too(login):
    client = login(WRITERS)
    response = client.post(reverse("wagtailimages:add_multiple"), {
        "files[]": SimpleUploadedFile("phone.jpg", phone_jpeg()), "collection": root()})
    assert response.json()["success"] is True
    image = LoraImage.objects.get()
    with image.file.open("rb") as handle:
        assert b"Exif" not in handle.read()
    assert (image.width, image.height) == (40, 60)


def test_png_text_chunks_removed_transparency_kept(login):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 51.5</x:xmpmeta>")
    info.add_text("Comment", "home address")
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(buffer, "PNG", pnginfo=info, icc_profile=SRGB)
    response = upload_image(login(WRITERS), "alpha.png", buffer.getvalue())
    assert response.status_code == 302, form_errors(response)
    with LoraImage.objects.get().file.open("rb") as handle:
        stored = handle.read()
    assert b"home address" not in stored and b"xmpmeta" not in stored
    reopened = Image.open(io.BytesIO(stored))
    assert reopened.mode == "RGBA" and reopened.getpixel((0, 0))[3] == 0
    assert reopened.info.get("icc_profile") == SRGB


def test_animated_gif_keeps_its_frames(login):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0,
                   comment=b"home address")
    response = upload_image(login(WRITERS), "spin.gif", buffer.getvalue())
    assert response.status_code == 302, form_errors(response)
    with LoraImage.objects.get().file.open("rb") as handle:
        stored = handle.read()
    assert Image.open(io.BytesIO(stored)).n_frames == 3
    assert b"home address" not in stored


# --- Limits, mislabelled and damaged files ---------------------------------------------------------

def bomb_png():
    """11,000 × 11,000 pixels of nothing: about 15 KB on disk, 484 MB as RGBA."""
    buffer = io.BytesIO()
    Image.new("1", (11_000, 11_000), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def test_pixel_limit_is_well_below_wagtails_default(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000  # 160 MB decoded as RGBA
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024


def test_decompression_bomb_refused_quickly(login):
    client = login(WRITERS)
    data = bomb_png()
    assert len(data) < 40_000
    started = time.perf_counter()
    response = upload_image(client, "bomb.png", data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert "This image is too large: 11000 × 11000 pixels" in form_errors(response)
    assert elapsed < 2, elapsed
    response = client.post(reverse("wagtailimages:add_multiple"), {
        "files[]": SimpleUploadedFile("bomb.png", data), "collection": root()})
    assert response.json()["success"] is False and "pixels" in response.json()["error_message"]
    assert LoraImage.objects.count() == 0


@pytest.mark.parametrize("name, data, message", [
    ("photo.jpg", png(), "does not match"),
    ("page.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "does not match"),
    ("page.png", b"<html><script>alert(1)</script></html>", "does not match"),
    ("noise.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "damaged or incomplete"),
    ("empty.png", b"", "empty"),
])
def test_mislabelled_files_refused(login, name, data, message):
    response = upload_image(login(WRITERS), name, data)
    assert response.status_code == 200 and message in form_errors(response)
    assert LoraImage.objects.count() == 0


@pytest.mark.parametrize("name, cut", [("photo.jpg", 0.5), ("diagram.png", 0.6)])
def test_truncated_images_refused(login, name, cut):
    buffer = io.BytesIO()
    noise = Image.effect_noise((300, 300), 60).convert("RGB")
    noise.save(buffer, "JPEG" if name.endswith("jpg") else "PNG")
    data = buffer.getvalue()
    response = upload_image(login(WRITERS), name, data[: int(len(data) * cut)])
    assert response.status_code == 200
    assert "damaged or incomplete" in form_errors(response) or "valid image" in form_errors(response)
    assert LoraImage.objects.count() == 0


def test_file_size_limit(login, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    response = upload_image(login(WRITERS), "big.png", png(size=(300, 300), mode="RGB") + b"\0" * 2000)
    assert response.status_code == 200 and "too big" in form_errors(response)


# --- SVG -----------------------------------------------------------------------------------------

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50"
     viewBox="0 0 100 50" onload="alert('onload')">
  <script>alert('script')</script>
  <rect id="box" width="50" height="50" fill="#0b5cad" onclick="alert('onclick')"
        style="fill: url(https://tracker.example/fill.svg#p)"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">foreign</div></foreignObject>
  <a href="javascript:alert('link')"><text x="5" y="40">Rank 8</text></a>
  <a xlink:href="https://evil.example/phish"><text x="5" y="20">Phish</text></a>
  <image href="https://tracker.example/pixel.png" width="1" height="1"/>
  <image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <image href="data:text/html;base64,PHNjcmlwdD4=" width="1" height="1"/>
  <use href="#box" x="50"/>
  <use href="https://evil.example/sprite.svg#icon"/>
  <set attributeName="href" to="javascript:alert('set')"/>
  <animate attributeName="xlink:href" values="javascript:alert('animate')"/>
  <style>@import url(https://tracker.example/x.css); rect { fill: url(https://tracker.example/f) }</style>
</svg>"""


def test_hostile_svg_stored_sanitised(login):
    response = upload_image(login(WRITERS), "figure.svg", HOSTILE_SVG)
    assert response.status_code == 302, form_errors(response)
    image = LoraImage.objects.get()
    assert image.is_svg()
    with image.file.open("rb") as handle:
        stored = handle.read()
    for removed in (b"<script", b"alert", b"onload", b"onclick", b"foreignObject", b"foreign", b"javascript",
                    b"tracker.example", b"evil.example", b"/pixel.png", b"/phish", b"data:text", b"<set",
                    b"<animate", b"@import"):
        assert removed not in stored, removed
    # What the figure is made of stays: shapes, text, local references and a raster data: image.
    for kept in (b'id="box"', b"Rank 8", b'href="#box"', b"data:image/png;base64"):
        assert kept in stored, kept
    assert (image.width, image.height) == (100, 50)


@pytest.mark.parametrize("data", [
    b"<svg xmlns='http://www.w3.org/2000/svg'><rect",  # not well-formed
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'),  # entities
    b'<html xmlns="http://www.w3.org/1999/xhtml"><body>hi</body></html>',  # not SVG
])
def test_invalid_svg_refused_with_a_message(login, data):
    response = upload_image(login(WRITERS), "figure.svg", data)
    assert response.status_code == 200 and form_errors(response)
    assert LoraImage.objects.count() == 0


# --- Documents -----------------------------------------------------------------------------------

def upload_document(client, name, data):
    return client.post(reverse("wagtaildocs:add"), {
        "title": name, "collection": root(), "language": "en", "file": SimpleUploadedFile(name, data)})


PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >>"
       b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
HTML = b"<!DOCTYPE html>\n<html><body><script>document.cookie</script></body></html>"


@pytest.mark.parametrize("name", sorted(path.name for path in RESOURCES.iterdir() if path.suffix != ".json"))
def test_demo_resources_accepted(login, name):
    response = upload_document(login(WRITERS), name, (RESOURCES / name).read_bytes())
    assert response.status_code == 302, response.context["form"].errors
    assert LoraDocument.objects.count() == 1


def test_pdf_and_json_accepted(login):
    client = login(WRITERS)
    assert upload_document(client, "paper.pdf", PDF).status_code == 302
    assert upload_document(client, "eval.json", b'{"rank": 8}').status_code == 302


@pytest.mark.parametrize("name, data, message", [
    ("paper.pdf", HTML, "web page"),
    ("notes.txt", HTML, "web page"),
    ("notes.md", b"  <html><head><title>x</title></head></html>", "web page"),
    ("paper.pdf", b"just some text", "is not a .pdf file"),
    ("slides.pptx", PDF, "is not a .pptx file"),
    ("notes.txt", b"\xff\xfe\x00binary", "not a plain UTF-8 text file"),
    ("eval.json", b"{not json", "is not a .json file"),
])
def test_mislabelled_documents_refused(login, name, data, message):
    response = upload_document(login(WRITERS), name, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert LoraDocument.objects.count() == 0


def test_mislabelled_document_refused_by_multiple_upload(login):
    response = login(WRITERS).post(reverse("wagtaildocs:add_multiple"), {
        "files[]": SimpleUploadedFile("paper.pdf", HTML), "collection": root()})
    assert response.json()["success"] is False and "web page" in response.json()["error_message"]
    assert LoraDocument.objects.count() == 0


@pytest.mark.parametrize("fmt, name", [("WEBP", "photo.webp"), ("PNG", "photo.png")])
def test_exif_gps_removed_from_webp_and_png(login, fmt, name):
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5)})
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 10, 10)).save(buffer, fmt, exif=exif.tobytes(), icc_profile=SRGB)
    response = upload_image(login(WRITERS), name, buffer.getvalue())
    assert response.status_code == 302, form_errors(response)
    image = LoraImage.objects.get()
    with image.file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert stored.size == (40, 60) and not stored.getexif()
    assert stored.info.get("icc_profile") == SRGB


def test_phone_multi_picture_jpeg_stored_as_its_first_picture(login):
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5)})
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (255, 0, 0)).save(buffer, "MPO", save_all=True, exif=exif.tobytes(),
                                                 append_images=[Image.new("RGB", (60, 40), (0, 255, 0))])
    response = upload_image(login(WRITERS), "depth.jpg", buffer.getvalue())
    assert response.status_code == 302, form_errors(response)
    with LoraImage.objects.get().file.open("rb") as handle:
        stored = handle.read()
    reopened = Image.open(io.BytesIO(stored))
    assert reopened.format == "JPEG" and reopened.size == (40, 60) and b"Exif" not in stored
