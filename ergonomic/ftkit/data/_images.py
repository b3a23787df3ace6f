"""Image inputs against the documented limits of vision fine-tuning.

OpenAI's vision fine-tuning guide, "Image data requirements": a training file holds at
most 50,000 examples with images; an example at most 10 images; an image at most 10 MB;
images are JPEG, PNG or WEBP, in RGB or RGBA mode; assistant messages hold no images;
images come as HTTP(S) URLs or as data URLs of base64-encoded bytes. Azure OpenAI's vision
fine-tuning page allows 64 images per example (``max_images_per_example``); its other
limits are the same.

Only data URLs can be checked for size, format and mode here: an HTTP URL is not fetched,
and only an extension that names a format the API refuses is reported (as a warning).
"""

from __future__ import annotations

import base64
import binascii
from typing import NamedTuple

MAX_IMAGE_EXAMPLES = 50_000
MAX_IMAGES_PER_EXAMPLE = 10
#: "10 MB", read leniently as 10 MiB: an image is refused here only when it is over both readings.
MAX_IMAGE_BYTES = 10 * 1024 * 1024

_MEDIA_TYPES = {"image/jpeg": "JPEG", "image/jpg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
_REFUSED_EXTENSIONS = {
    ".gif": "GIF",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".svg": "SVG",
    ".heic": "HEIC",
    ".avif": "AVIF",
    ".ico": "ICO",
}
# PNG colour types (the PNG specification, IHDR) as image modes; 2 and 6 are RGB and RGBA.
_PNG_MODES = {0: "grayscale (L)", 2: "RGB", 3: "palette (P)", 4: "grayscale with alpha (LA)", 6: "RGBA"}
# JPEG components per frame: 3 is YCbCr (decoded as RGB), 1 grayscale, 4 CMYK.
_JPEG_MODES = {1: "grayscale (L)", 3: "RGB", 4: "CMYK"}
# How much base64 to decode: enough for a PNG's header; for a JPEG, enough (64 KiB) to find
# its frame header past EXIF and ICC data.
_HEAD_CHARS = 44
_JPEG_SCAN_CHARS = 64 * 1024 * 4 // 3
_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


class ImageProblem(NamedTuple):
    """What is wrong with one image: a finding kind, its message, and whether it is an error."""

    kind: str
    message: str
    error: bool = True


def check_image_url(url: str) -> ImageProblem | None:
    """The problem with one ``image_url.url``, or ``None`` if it is usable (as far as can be told).

    >>> check_image_url("https://example.com/cat.png") is None
    True
    >>> check_image_url("data:image/gif;base64,R0lGODlhAQABAAAAACw=").kind
    'unsupported_image_format'
    """
    scheme = url[:8].lower()
    if scheme.startswith("data:"):
        return _data_url(url)
    if scheme.startswith(("http://", "https://")):
        path = url.split("?", 1)[0].split("#", 1)[0].lower()
        for extension, name in _REFUSED_EXTENSIONS.items():
            if path.endswith(extension):
                return ImageProblem(
                    "unsupported_image_format",
                    f"the URL names a {name} image; fine-tuning takes JPEG, PNG or WEBP only",
                    error=False,
                )
        return None
    return ImageProblem(
        "invalid_image_url",
        "an image url must be an http(s) URL or a base64 data URL (data:image/png;base64,...)",
    )


def _data_url(url: str) -> ImageProblem | None:
    comma = url.find(",")
    if comma < 0:
        return ImageProblem("invalid_image_url", "a data URL needs a comma before its data")
    params = url[5:comma].split(";")
    media_type = params[0].strip().lower()
    if not any(p.strip().lower() == "base64" for p in params[1:]):
        return ImageProblem("invalid_image_url", "a data URL image must be base64-encoded (data:image/png;base64,...)")
    if media_type not in _MEDIA_TYPES:
        return ImageProblem(
            "unsupported_image_format",
            f"the data URL's type is {media_type or 'missing'!r}; fine-tuning takes image/jpeg, png or webp",
        )
    data = url[comma + 1 :]
    size = len(data) * 3 // 4 - (2 if data.endswith("==") else 1 if data.endswith("=") else 0)
    if size > MAX_IMAGE_BYTES:
        return ImageProblem("image_too_large", f"the image is {size / 1_048_576:.1f} MB; the limit is 10 MB per image")
    head = _decode(data, _HEAD_CHARS)
    if head is None:
        return ImageProblem("invalid_image_data", "the data URL's base64 data does not decode")
    found = _format(head)
    if found == "JPEG":
        # Its frame header (which says the mode) may come after EXIF and ICC segments.
        head = _decode(data, _JPEG_SCAN_CHARS) or head
    if found not in _ALLOWED_FORMATS:
        what = f"{found} data" if found else "data of no image format ftkit knows"
        return ImageProblem("unsupported_image_format", f"the image is {what}; fine-tuning takes JPEG, PNG or WEBP")
    mode = _mode(found, head)
    if mode is not None and mode not in ("RGB", "RGBA"):
        return ImageProblem(
            "unsupported_image_mode", f"the {found} image is {mode}; fine-tuning takes RGB or RGBA images only"
        )
    return None


def _decode(data: str, length: int) -> bytes | None:
    length = min(length, len(data)) // 4 * 4
    try:
        return base64.b64decode(data[:length], validate=True)
    except (binascii.Error, ValueError):
        return None


def _format(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"BM"):
        return "BMP"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    return None


def _mode(found: str, head: bytes) -> str | None:
    """The image mode when the header tells it (PNG, JPEG), else ``None``."""
    if found == "PNG" and len(head) > 25 and head[12:16] == b"IHDR":
        return _PNG_MODES.get(head[25], f"colour type {head[25]}")
    if found == "JPEG":
        i = 2
        while i + 9 < len(head):
            if head[i] != 0xFF:
                return None  # not at a marker: a file we do not understand; do not guess
            marker = head[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
                continue
            if marker in _SOF_MARKERS:
                components = head[i + 9]
                return _JPEG_MODES.get(components, f"{components} components")
            if marker == 0xD8 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
                i += 2  # markers without a length
                continue
            i += 2 + int.from_bytes(head[i + 2 : i + 4], "big")
    return None
