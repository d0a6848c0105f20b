"""The file of `POST /api/flows/generate`: what it is (by its bytes, not its name) and,
for a PDF, its text (pypdf)."""

from __future__ import annotations

import io
import logging

from sandbox.platforms.flowbot import errors

#: The largest file the generator takes (assumed: the vendor does not say).
MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")


def sniff(data: bytes) -> str | None:
    """The file's media type from its signature: PDF, PNG, JPEG or WebP, else None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check(data: bytes) -> str:
    """The media type of an upload the generator takes, or its 413 / 415."""
    if len(data) > MAX_BYTES:
        raise errors.PayloadTooLarge("File too large: the maximum size is 10 MB")
    media_type = sniff(data)
    if media_type is None:
        raise errors.UnsupportedMediaType(
            "Unsupported file type: upload a PDF, PNG, JPEG or WebP file"
        )
    return media_type


def pdf_text(data: bytes) -> str:
    """The text of every page, in order; a PDF pypdf cannot read is the client's 400."""
    # Imported here: pypdf costs a tenth of a second at every server start otherwise.
    from pypdf import PdfReader

    # pypdf logs (and works around) minor damage; the sandbox's output stays quiet.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise errors.BadRequest("Could not read the PDF file: it is password-protected")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except errors.FlowBotError:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise errors.BadRequest("Could not read the PDF file") from error
