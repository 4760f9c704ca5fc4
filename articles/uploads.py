"""What an uploaded image or document must be before it is stored. Plain functions; the admin's
image and document forms (``articles/forms.py``) call them from ``clean_file``, so the single upload,
the multiple upload and the choosers' upload all go through them, once, before anything is saved.

- Raster images are decoded in full (a truncated or corrupt file is refused here, not as a 500 when
  a rendition is first made), the EXIF orientation is applied to the pixels, and the file is written
  again without EXIF, XMP, IPTC or comments, keeping its ICC colour profile. Renditions are made from
  the stored original, so no rendition carries them either.
- SVG is accepted only after sanitising: py-svg-hush's allow-list of SVG elements and attributes,
  then this module's stricter pass (references only to ``#fragments`` or raster ``data:`` images, no
  animation of attributes it did not keep).
- Documents: the content must be what the extension says (a PDF is a PDF, a text file is UTF-8 text
  and not an HTML document).

Wagtail's own image field checks the extension against the decoded format, the file size and the
pixel count (``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, read from the header before any decoding) first.
"""

import io
import json
import os
import re
import warnings
import xml.etree.ElementTree as ET

import filetype
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, JpegImagePlugin
from py_svg_hush import filter_svg

DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
RASTER_DATA_TYPES = {"image": ["png", "jpeg", "gif", "webp", "avif"]}
RASTER_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp|avif)[;,]", re.IGNORECASE)
ANIMATION_TAGS = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}
HREF_ATTRIBUTES = {"href", f"{{{XLINK_NS}}}href"}
# A CSS declaration or at-rule that reaches outside the file: a url() to anything but a #fragment, or
# an absolute URL (svg-hush leaves the address of an @import behind as text).
CSS_EXTERNAL = re.compile(r"[^;{}]*(?:://|@import|\burl\(\s*['\"]?\s*(?!#))[^;{}]*;?", re.IGNORECASE)

IMAGE_ERRORS = {
    "corrupt": _("This image file is damaged or incomplete and cannot be read: %(name)s."),
    "too_many_pixels": _(
        "This image is too large: %(width)s × %(height)s pixels. The largest image accepted has "
        "%(max_pixels)s million pixels."
    ),
    "too_many_pixels_unknown": _("This image is too large: it has more than %(max_pixels)s million pixels."),
    "svg_invalid": _("This SVG file is not valid XML, or uses features that are not allowed (entities, "
                     "external definitions): %(name)s."),
    "svg_not_svg": _("This file is not an SVG image: %(name)s."),
}
DOCUMENT_ERRORS = {
    "mismatch": _("The content of %(name)s is not a .%(extension)s file. Save it in the format its name says, "
                  "or rename it."),
    "html": _("%(name)s is a web page (HTML), which cannot be uploaded as a document."),
    "not_text": _("%(name)s is not a plain UTF-8 text file, as a .%(extension)s file must be."),
}
# Binary formats and what their content must be (filetype's names); other allowed extensions are text.
BINARY_DOCUMENTS = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"},
    "zip": {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"},
}
HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|script|iframe|svg)\b",
                        re.IGNORECASE | re.DOTALL)


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS) or DEFAULT_MAX_IMAGE_PIXELS


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def read_all(uploaded):
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


# --- Raster images ---------------------------------------------------------------------------------

def damaged_image_error(name):
    return ValidationError(IMAGE_ERRORS["corrupt"], code="corrupt_image", params={"name": os.path.basename(name)})


def check_image_header(uploaded):
    """Refuse an image with more pixels than the limit from its header alone, before anything decodes
    it (a "decompression bomb" of a few KB would otherwise take hundreds of MB). SVG and files Pillow
    does not recognise are left to the image field's own checks."""
    name = os.path.basename(uploaded.name or "")
    max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None)
    if extension_of(name) == "svg" or (max_size is not None and (uploaded.size or 0) > max_size):
        return  # the image field refuses a file too large before it decodes anything
    uploaded.seek(0)
    try:
        open_checked(uploaded, name)
    except ValidationError as error:
        if error.code == "file_too_many_pixels":
            raise
    finally:
        uploaded.seek(0)


def open_checked(data, name):
    """Open ``data`` (bytes or a file) with Pillow, refusing more pixels than the limit before
    decoding anything."""
    limit_params = {"max_pixels": max_image_pixels() // 1_000_000}
    try:
        with warnings.catch_warnings():  # the header only: the limit below is lower than Pillow's
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data) if isinstance(data, bytes) else data)
    except Image.DecompressionBombError:
        raise ValidationError(IMAGE_ERRORS["too_many_pixels_unknown"], code="file_too_many_pixels",
                              params=limit_params) from None
    except Exception as error:  # any failure to read is a damaged file
        raise ValidationError(IMAGE_ERRORS["corrupt"], code="corrupt_image", params={"name": name}) from error
    width, height = image.size
    if width * height * getattr(image, "n_frames", 1) > max_image_pixels():
        raise ValidationError(IMAGE_ERRORS["too_many_pixels"], code="file_too_many_pixels",
                              params={"width": width, "height": height, **limit_params})
    return image


def strip_image_metadata(data, name):
    """The image in ``data`` written again with its orientation applied to the pixels, without
    EXIF, XMP, IPTC or comments, keeping the ICC profile. Raises ValidationError for a file that
    cannot be decoded in full."""
    image = open_checked(data, name)
    fmt = image.format
    frames = getattr(image, "n_frames", 1)
    if fmt == "MPO":  # a phone's JPEG with extra pictures (depth maps, previews): keep the first, as JPEG
        fmt, frames = "JPEG", 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            for index in range(frames):  # decode every frame: a truncated file fails here
                image.seek(index)
                image.load()
            image.seek(0)
            icc_profile = image.info.get("icc_profile")
            options = {"format": fmt, "exif": b""}
            if icc_profile:
                options["icc_profile"] = icc_profile
            output = io.BytesIO()
            if frames > 1:
                save_animation(image, output, fmt, options)
            else:
                save_still(image, output, fmt, options, data)
    except ValidationError:
        raise
    except Exception as error:  # truncated data, broken chunks, an unknown mode …
        raise ValidationError(IMAGE_ERRORS["corrupt"], code="corrupt_image", params={"name": name}) from error
    return output.getvalue()


def save_still(image, output, fmt, options, data):
    orientation = image.getexif().get(0x0112, 1)
    rotated = orientation not in (None, 1)
    if fmt == "JPEG":
        sampling = JpegImagePlugin.get_sampling(image)
        if rotated:
            options.update(quality=95, subsampling=sampling if sampling != -1 else 0)
        else:  # the same quantisation: no visible loss from writing the file again
            options.update(quality="keep", subsampling="keep")
        options["comment"] = b""
        options["progressive"] = "progressive" in image.info or "progression" in image.info
    elif fmt == "PNG":
        pass  # PNG is lossless; text chunks (XMP, comments) and eXIf are not written again
    elif fmt == "WEBP":
        if b"VP8L" in data[:4096]:  # a lossless WebP stays lossless
            options["lossless"] = True
        else:
            options["quality"] = 95
    elif fmt == "AVIF":
        options.update(quality=90)
    elif fmt == "GIF":
        image.info.pop("comment", None)
    result = ImageOps.exif_transpose(image) if rotated else image
    result.info.pop("xmp", None)
    result.info.pop("XML:com.adobe.xmp", None)
    result.save(output, **options)


def save_animation(image, output, fmt, options):
    """Frames, durations and loop kept; metadata dropped (orientation is not applied to animations)."""
    image.info.pop("comment", None)
    image.info.pop("xmp", None)
    if fmt == "WEBP":
        options.update(lossless=True)
    image.save(output, save_all=True, **options)


# --- SVG -------------------------------------------------------------------------------------------

def sanitise_svg(data, name):
    """The SVG in ``data`` with nothing active or external left, as bytes; ValidationError when it is
    not well-formed XML, declares entities, or is not an SVG document."""
    try:
        root = safe_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise ValidationError(IMAGE_ERRORS["svg_invalid"], code="svg_invalid", params={"name": name}) from error
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(IMAGE_ERRORS["svg_not_svg"], code="svg_not_svg", params={"name": name})
    try:
        filtered = filter_svg(data, keep_data_url_mime_types=RASTER_DATA_TYPES)
    except ValueError as error:
        raise ValidationError(IMAGE_ERRORS["svg_invalid"], code="svg_invalid", params={"name": name}) from error
    tree = ET.fromstring(filtered)  # svg-hush's output: no DTD, no entities
    remove_references(tree)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(tree, encoding="utf-8", xml_declaration=False)


def local_tag(element):
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def remove_references(root):
    """What svg-hush keeps but this site does not: references outside the file (svg-hush turns an
    absolute URL into a path on this site), animation elements whose target it removed or that target
    a reference, and ``url()`` in styles pointing anywhere but a fragment."""
    for parent in list(root.iter()):
        for child in list(parent):
            target = child.get("attributeName", "")
            if local_tag(child) in ANIMATION_TAGS and (not target or target.rsplit(":", 1)[-1] == "href"):
                parent.remove(child)
    for element in root.iter():
        tag = local_tag(element)
        for attribute in HREF_ATTRIBUTES & set(element.attrib):
            value = element.get(attribute).strip()
            if not (value.startswith("#") or (tag == "image" and RASTER_DATA_URL.match(value))):
                del element.attrib[attribute]
        if "style" in element.attrib:
            element.set("style", CSS_EXTERNAL.sub("", element.get("style")))
        if tag == "style" and element.text:
            element.text = CSS_EXTERNAL.sub("", element.text)


# --- Entry points for the forms ------------------------------------------------------------------

def clean_image_upload(uploaded):
    """The file to store for an uploaded image: metadata removed (rasters) or sanitised (SVG)."""
    name = os.path.basename(uploaded.name)
    data = read_all(uploaded)
    if extension_of(name) == "svg":
        cleaned = sanitise_svg(data, name)
    else:
        cleaned = strip_image_metadata(data, name)
    result = ContentFile(cleaned, name=uploaded.name)
    result.content_type = getattr(uploaded, "content_type", None)
    return result


def check_document_upload(uploaded):
    """Raise ValidationError unless the document's content is what its extension says."""
    name = os.path.basename(uploaded.name)
    extension = extension_of(name)
    head = uploaded.read(8192) if hasattr(uploaded, "read") else b""
    uploaded.seek(0)
    params = {"name": name, "extension": extension}
    if extension in BINARY_DOCUMENTS:
        kind = filetype.guess(head)
        if kind is None or kind.extension not in BINARY_DOCUMENTS[extension]:
            if HTML_START.match(head):
                raise ValidationError(DOCUMENT_ERRORS["html"], code="document_html", params=params)
            raise ValidationError(DOCUMENT_ERRORS["mismatch"], code="document_mismatch", params=params)
        return
    data = read_all(uploaded)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(DOCUMENT_ERRORS["not_text"], code="document_not_text", params=params) from None
    if "\x00" in text:
        raise ValidationError(DOCUMENT_ERRORS["not_text"], code="document_not_text", params=params)
    if HTML_START.match(text.encode("utf-8")[:8192]):
        raise ValidationError(DOCUMENT_ERRORS["html"], code="document_html", params=params)
    if extension == "json":
        try:
            json.loads(text)
        except ValueError:
            raise ValidationError(DOCUMENT_ERRORS["mismatch"], code="document_mismatch", params=params) from None
