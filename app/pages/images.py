"""Uploaded logos: check an image, shrink it and encode it afresh.

A status page must not depend on the site it reports on: a logo hotlinked from
the client's own server disappears exactly when that server is down, and the
page's Content-Security-Policy (img-src 'self') would block it anyway. So logos
are uploaded and served by Beacon itself.

Nothing of the upload is served as it came: the image is decoded, its first
frame taken, turned upright, shrunk to fit ``MAX_SIZE`` and encoded again. That
drops metadata (EXIF, GPS, comments) and any bytes a crafted file hides after
the image data.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

# The formats browsers show everywhere, as Pillow names them; SVG is refused
# because it can carry scripts.
ACCEPTED_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}
# Shown 32 px high in the header; 240 px stays sharp when zoomed or on 3x screens.
MAX_SIZE = (960, 240)
# A logo has no business being larger; anything bigger is a mistake or an attack.
MAX_PIXELS = 25_000_000


class InvalidImage(ValueError):
    """The upload is not an image Beacon can use as a logo; the message says why."""


@dataclass(frozen=True)
class PreparedLogo:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def description(self) -> str:
        return describe(self.content_type, self.width, self.height)


def describe(content_type: str, width: int, height: int) -> str:
    """A logo in a few words, for the admin and the audit log: "PNG, 240×80 px"."""
    return f"{content_type.removeprefix('image/').upper()}, {width}×{height} px"


def prepare_logo(data: bytes) -> PreparedLogo:
    """The logo to store for the uploaded bytes ``data``; InvalidImage if unusable."""
    image = _open(data)
    photo = image.format == "JPEG"  # stays a JPEG; everything else becomes a PNG
    image = ImageOps.exif_transpose(image)  # phone photos are stored sideways
    # Full colour before shrinking: palette images would be resized pixel by pixel.
    image = image.convert("RGB" if photo else "RGBA")
    image.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
    return _encode(image, photo=photo)


def _open(data: bytes) -> Image.Image:
    names = ", ".join(ACCEPTED_FORMATS.values())
    if not data:
        raise InvalidImage("The file is empty.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns about huge images below twice its own limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise InvalidImage(f"Upload a {names} image.")
            if image.width * image.height > MAX_PIXELS:
                raise InvalidImage("The image has too many pixels for a logo.")
            # verify() notices truncated files even where WeasyPrint's import has
            # told Pillow to load them anyway (ImageFile.LOAD_TRUNCATED_IMAGES).
            image.verify()
            image = Image.open(io.BytesIO(data))  # verify() leaves it unusable
            image.seek(0)  # the first frame of an animation
            image.load()
    except InvalidImage:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise InvalidImage("The image has too many pixels for a logo.") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        # Pillow reports unreadable and truncated files with any of these.
        raise InvalidImage(f"The file is not a readable {names} image.") from None
    return image


def _encode(image: Image.Image, *, photo: bool) -> PreparedLogo:
    buffer = io.BytesIO()
    if photo:
        image.save(buffer, "JPEG", quality=88, optimize=True)
        content_type = "image/jpeg"
    else:
        image.save(buffer, "PNG", optimize=True)
        content_type = "image/png"
    return PreparedLogo(buffer.getvalue(), content_type, image.width, image.height)
