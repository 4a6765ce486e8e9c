"""Turn an HTTP body into text: the header's charset, then <meta charset>, then detection."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _codec(name: str | None) -> str | None:
    """Return Python's codec name for a declared charset, or None when unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    # Browsers read a declared latin-1 as windows-1252 (WHATWG); so do we.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, header_charset: str | None) -> str:
    """Decode an HTML body: BOM, HTTP header charset, <meta charset>, then detection; never raises.

    A declared charset that cannot decode the bytes (a utf-8 page served as windows-1252 or the
    reverse) is not trusted: a declaration is used only when the bytes are valid in it, and a
    single-byte declaration loses to utf-8 when the bytes are valid utf-8 with non-ASCII in them.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace")
    non_ascii = any(b > 0x7F for b in body)
    if not non_ascii:
        return body.decode("ascii")
    as_utf8 = _strict(body, "utf-8")
    meta = _META_CHARSET.search(body[:4096])
    for declared in (_codec(header_charset), _codec(meta.group(1).decode("ascii", "replace")) if meta else None):
        if not declared:
            continue
        if declared != "utf-8" and as_utf8 is not None:
            # Valid multi-byte utf-8 is almost never an accident in a single-byte page.
            return as_utf8
        text = _strict(body, declared)
        if text is not None:
            return text
    if as_utf8 is not None:
        return as_utf8
    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("cp1252", errors="replace")
