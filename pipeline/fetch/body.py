"""Read a response body under a size limit, inflating gzip and deflate as a stream.

A server can send 1 MB of gzip that inflates to 1 GiB, with `Content-Encoding: gzip` or as a
plain body (a `.xml.gz` sitemap, or a bomb served as text/html). Both layers are inflated
here piece by piece with `zlib`'s `max_length`, so no step ever holds more than the limit plus
one piece: the read stops with W207 as soon as either the bytes received or the bytes
inflated pass the limit.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from pipeline.fetch.errors import BodyTooLarge, NotAPage

GZIP_MAGIC = b"\x1f\x8b"
_PIECE = 64 * 1024  # the most one inflate step may produce


def _inflate(chunks: Iterable[bytes], wbits: int) -> Iterator[bytes]:
    """Inflate a zlib/gzip/raw-deflate stream piece by piece; further gzip members follow on."""
    d = zlib.decompressobj(wbits)
    for chunk in chunks:
        data = chunk
        while data:
            if d.eof:
                if data[:2] != GZIP_MAGIC:
                    break  # trailing bytes after the stream: ignored, as gzip tools do
                d = zlib.decompressobj(wbits)  # a further gzip member
            try:
                piece = d.decompress(data, _PIECE)
            except zlib.error as exc:
                raise NotAPage(f"compressed body is corrupt: {exc}") from None
            if piece:
                yield piece
            data = d.unused_data if d.eof else d.unconsumed_tail
    if not d.eof:  # a cut-off stream: keep what it held
        try:
            tail = d.flush()
        except zlib.error:
            tail = b""
        if tail:
            yield tail


def _deflate_wbits(first: bytes) -> int:
    """`deflate` is zlib-wrapped by the standard, raw deflate by some servers: tell them apart."""
    if len(first) >= 2 and (first[0] & 0x0F) == 8 and ((first[0] << 8) | first[1]) % 31 == 0:
        return zlib.MAX_WBITS
    return -zlib.MAX_WBITS


def _peek(chunks: Iterable[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """Return the first non-empty chunk and an iterator that yields it again, then the rest."""
    it = iter(chunks)
    for first in it:
        if first:
            def again(head: bytes = first) -> Iterator[bytes]:
                yield head
                yield from it
            return first, again()
    return b"", iter(())


def _decode(chunks: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """Undo the Content-Encoding layers (applied in order, so undone in reverse)."""
    layers = [e.strip().lower() for e in encoding.split(",") if e.strip()]
    stream: Iterable[bytes] = chunks
    for layer in reversed(layers):
        if layer in ("identity", ""):
            continue
        if layer in ("gzip", "x-gzip"):
            stream = _inflate(stream, 16 + zlib.MAX_WBITS)
        elif layer == "deflate":
            first, rest = _peek(stream)
            stream = _inflate(rest, _deflate_wbits(first))
        else:
            raise NotAPage(f"body encoded as {layer!r}, which warta does not ask for")
    return iter(stream)


def read_body(raw: Iterable[bytes], *, content_encoding: str = "", limit: int) -> bytes:
    """Return the body's bytes, Content-Encoding undone and a gzip payload inflated.

    Raise BodyTooLarge as soon as the bytes received or the bytes inflated pass `limit`.
    """
    received = 0

    def counted() -> Iterator[bytes]:
        nonlocal received
        for chunk in raw:
            received += len(chunk)
            if received > limit:
                raise BodyTooLarge(f"body passed the {limit:,} byte limit while reading")
            yield chunk

    stream = _decode(counted(), content_encoding)
    first, stream = _peek(stream)
    if first[:2] == GZIP_MAGIC:
        # A gzip file as the payload itself (.xml.gz, or a bomb sent without Content-Encoding).
        stream = _inflate(stream, 16 + zlib.MAX_WBITS)
    out = bytearray()
    for piece in stream:
        out += piece
        if len(out) > limit:
            raise BodyTooLarge(f"body inflates past the {limit:,} byte limit "
                               f"({received:,} compressed bytes read so far)")
    return bytes(out)


def inflate_bytes(body: bytes, *, limit: int) -> bytes:
    """Return a gzip body inflated (under the limit), any other body unchanged."""
    if body[:2] != GZIP_MAGIC:
        return body
    return read_body([body[i:i + _PIECE] for i in range(0, len(body), _PIECE)], limit=limit)
