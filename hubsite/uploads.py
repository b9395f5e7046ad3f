"""Checks on uploaded files by their content, and the view that serves stored uploads.

A file's name and declared content type come from the client, so neither is
trusted: text files are checked for markup and binary bytes, and images are
decoded with Pillow. Stored files get a random name chosen by the hub.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Leading bytes that make a browser treat an unlabelled resource as HTML or
# XML, after the WHATWG MIME Sniffing Standard, section 7.1 ("Identifying a
# resource with an unknown MIME type"), plus "<svg".
MARKUP_PREFIXES = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<body",
    b"<br",
    b"<p",
    b"<!--",
    b"<?xml",
    b"<svg",
)
SNIFF_BYTES = 1024

# Pillow format name: (file extension, content type) of the logos accepted.
LOGO_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
# Larger images are refused before decoding, against decompression bombs.
LOGO_MAX_PIXELS = 4096 * 4096


def megabytes(size: int) -> str:
    """Format a byte count as whole or decimal megabytes, for error messages."""
    value = size / (1024 * 1024)
    return f"{value:g}"


def looks_like_markup(data: bytes) -> bool:
    """Return True when the start of the data would be sniffed as HTML or XML by a browser."""
    start = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    for prefix in MARKUP_PREFIXES:
        if not start.startswith(prefix):
            continue
        if prefix in {b"<!--", b"<?xml"}:
            return True
        # A tag name must end where the prefix ends, as in "<b>" but not "<banner".
        following = start[len(prefix) : len(prefix) + 1]
        if following in {b"", b" ", b">", b"\t", b"\n", b"\r", b"/", b"\x0c"}:
            return True
    return False


def check_file_size(size: int, max_bytes: int) -> None:
    """Raise ValidationError naming the limit when a file is larger than max_bytes."""
    if size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Upload a smaller file.")
            % {"size": megabytes(max_bytes)},
            code="too_large",
        )


def check_text_file(data: bytes, max_bytes: int) -> None:
    """Raise ValidationError unless the data is plain text of at most max_bytes.

    Text means no NUL byte, no leading HTML or XML markup, and bytes that
    decode as UTF-8 (with or without a byte-order mark) or as Windows-1252.
    """
    check_file_size(len(data), max_bytes)
    if b"\x00" in data:
        raise ValidationError(
            _("The file contains binary data, not text. Save it as CSV and upload it again."),
            code="binary",
        )
    if looks_like_markup(data):
        raise ValidationError(
            _("The file is a web page or XML, not CSV. Save it as CSV and upload it again."),
            code="markup",
        )
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not text. Save it as CSV UTF-8 and upload it again."),
                code="not_text",
            ) from None


def verified_logo(upload: Any, max_bytes: int) -> ContentFile[bytes]:
    """Decode an uploaded image and return it re-encoded under a random name.

    Raises ValidationError when the file is larger than max_bytes, is not an
    image Pillow can decode, or is not PNG, JPEG or WebP. Re-encoding drops
    EXIF and other metadata, and any bytes appended after the image.
    """
    allowed = ", ".join(sorted(fmt for fmt in LOGO_FORMATS))
    if upload.size > max_bytes:
        raise ValidationError(
            _("The logo is larger than %(size)s MB. Upload a smaller image.")
            % {"size": megabytes(max_bytes)},
            code="too_large",
        )
    data = upload.read()
    upload.seek(0)
    not_image = ValidationError(
        _("The file is not a PNG, JPEG or WebP image. Upload a logo in one of these formats."),
        code="invalid_image",
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            pixels = probe.width * probe.height
            probe.verify()
        if image_format not in LOGO_FORMATS:
            raise not_image
        if pixels > LOGO_MAX_PIXELS:
            raise ValidationError(
                _("The logo is larger than 4096 by 4096 pixels. Upload a smaller image."),
                code="too_many_pixels",
            )
        # verify() leaves the image unusable, so it is opened again to decode it.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            output = io.BytesIO()
            _reencode(image, image_format, output)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        logger.info("Logo upload rejected: not a decodable %s image", allowed)
        raise not_image from None

    extension = LOGO_FORMATS[image_format][0]
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _reencode(image: Image.Image, image_format: str, output: io.BytesIO) -> None:
    if image_format == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=90)
    elif image_format == "WEBP":
        image.save(output, format="WEBP", lossless=True)
    else:
        image.save(output, format="PNG", optimize=True)


@require_safe
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    """Send a stored upload, with headers that keep browsers from running it.

    Used in development and production alike. Only PNG, JPEG and WebP files
    go out inline with their image type; anything else goes out as an
    attachment of type application/octet-stream.
    """
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise Http404
    root = settings.MEDIA_ROOT
    full_path = (root / relative).resolve()
    if not full_path.is_relative_to(root.resolve()) or not full_path.is_file():
        raise Http404

    content_type, _encoding = mimetypes.guess_type(full_path.name)
    inline_types = {content for _extension, content in LOGO_FORMATS.values()}
    inline = content_type in inline_types
    response = FileResponse(
        full_path.open("rb"),
        as_attachment=not inline,
        filename=full_path.name,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
