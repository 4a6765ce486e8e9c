"""Read local inputs (files, folders, stdin) into Articles; each bad input becomes one ErrorRecord."""
from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.dates import parse_datetime
from pipeline.errors import BadJSONLine, BinaryInput, EmptyText, ExtractError, InputError, NotIndonesian, WartaError
from pipeline.language import check_indonesian, load_model
from pipeline.models import Article, ErrorRecord
from pipeline.outputs import STDIO, BadLine, loads_line
from pipeline.warc import ArchiveOptions, is_warc, read_warc

SUFFIXES = {".html", ".htm", ".txt", ".jsonl", ".json"}
# What the Article contract calls ISO (pipeline/schema/article.schema.json `published`).
ISO_PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z))?")


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield input files: files as given, folders walked in sorted order for stable output."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and (f.suffix.lower() in SUFFIXES or is_warc(f)) and not f.name.startswith(("README", ".")) \
                        and "gold" not in f.relative_to(p).parts:
                    yield f
        else:
            yield p


def count_inputs(paths: Iterable[Path]) -> int:
    """How many inputs read_articles will yield, about (a progress bar's total): lines of JSONL, else 1 per file."""
    total = 0
    for path in iter_paths(paths):
        if path.suffix.lower() == ".jsonl" and path.is_file():
            with open(path, "rb") as fh:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        else:
            total += 1
    return total


@dataclass
class Unchecked:
    """An Article JSONL line read but not yet checked: its date line and language are read by finish().

    Both cost milliseconds per article (dateparser, py3langid); `warta run --workers N` lets its
    workers do them instead of the one process that reads, so reading no longer caps the speed-up.
    """

    article: Article  # `published` still as the line gave it
    where: str
    line: int
    sites_dir: Path | None = None

    def finish(self) -> Article | ErrorRecord:
        """The Article, or the ErrorRecord read_jsonl would have yielded for this line."""
        art = self.article
        try:
            art.published = iso_published(art.published, art.site, self.sites_dir)
            return _checked(art, self.where)
        except Exception as exc:  # noqa: BLE001 - one odd line must not stop the batch
            return _as_error(self.where, exc, self.line)


    def warm(self) -> None:
        """Load what finish() uses (language model, date parser, site profiles) once, before workers fork."""
        _sites_for_run(self.sites_dir)
        load_model()
        # dateparser reads its locale data on first use; with seconds these lines are its to read
        # (pipeline.dates reads the plain "13 November 2019 10:15" itself)
        parse_datetime("Rabu, 13 November 2019 10:15:30 WIB")
        parse_datetime("Wed, 13 Nov 2019 10:15:30")


def read_articles(paths: Iterable[Path], sites_dir: Path | None = None, archive: ArchiveOptions | None = None,
                  defer: bool = False) -> Iterator[Article | Unchecked | ErrorRecord]:
    """Yield an Article or an ErrorRecord for every input found under paths (site profiles from sites_dir).

    With `defer`, Article JSONL lines come as Unchecked (whoever extracts them calls finish()).
    """
    for path in iter_paths(paths):
        yield from read_file(path, sites_dir, archive, defer)


def read_file(path: Path, sites_dir: Path | None = None, archive: ArchiveOptions | None = None,
              defer: bool = False) -> Iterator[Article | Unchecked | ErrorRecord]:
    """Yield the Article(s) of one input file (`-`: Article JSONL on stdin), or one ErrorRecord for each part that fails."""
    if str(path) == STDIO:
        yield from read_jsonl(sys.stdin.buffer, "<stdin>", sites_dir, defer)
        return
    if not path.exists():
        yield ErrorRecord(str(path), "read", "no such file or folder", InputError.code)
        return
    if is_warc(path):  # a web archive: many pages, streamed (pipeline/warc.py)
        yield from read_warc(path, sites_dir, archive)
        return
    suffix = path.suffix.lower()
    try:
        if suffix not in SUFFIXES and not path.is_fifo() and not path.is_char_device():
            raise InputError(f"unknown kind of file ({suffix or 'no suffix'}): warta reads "
                             + ", ".join(sorted(SUFFIXES)))
        if suffix == ".jsonl":
            with open(path, "rb") as fh:
                yield from read_jsonl(fh, str(path), sites_dir, defer)
            return
        data = _unicode_bom(path.read_bytes())
        _refuse_binary(data)
        if suffix == ".json":
            yield _checked(article_from_obj(_json_object(data, str(path)), str(path), sites_dir), str(path))
        elif suffix in (".html", ".htm"):
            yield _checked(article_from_html(data, source=str(path), sites_dir=sites_dir), str(path))
        else:
            yield _checked(article_from_txt(_utf8(data), str(path)), str(path))
    except Exception as exc:  # noqa: BLE001 - one odd file (a parser bug, a surrogate) must not stop the batch
        yield _as_error(str(path), exc, exc.line if isinstance(exc, WartaError) else None)


def read_jsonl(fh: IO[bytes], name: str, sites_dir: Path | None = None,
               defer: bool = False) -> Iterator[Article | Unchecked | ErrorRecord]:
    """Yield Articles from Article JSONL; a broken line becomes an ErrorRecord with its number.

    With `defer`, a line with a `text` comes as Unchecked: its date and language are read later.
    """
    for lineno, raw in enumerate(_utf8_lines(fh), 1):
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            try:
                obj = loads_line(raw)
            except BadLine as exc:
                raise BadJSONLine(_line_reason(lineno, exc), line=lineno) from None
            if defer and isinstance(obj.get("text"), str) and obj["text"].strip():
                yield Unchecked(article_from_obj(obj, where, sites_dir, parse_date=False), where, lineno, sites_dir)
                continue
            yield _checked(article_from_obj(obj, where, sites_dir), where)
        except Exception as exc:  # noqa: BLE001 - one odd line must not stop the batch
            yield _as_error(where, exc, lineno)


def _as_error(where: str, exc: Exception, line: int | None) -> ErrorRecord:
    """The error line of one input that failed: a WartaError as it says, anything else as a read error."""
    if isinstance(exc, WartaError):
        return ErrorRecord(where, exc.stage, exc.reason, exc.code, line)
    return ErrorRecord(where, "read", f"{type(exc).__name__}: {exc}", InputError.code, line)


def _line_reason(lineno: int, exc: BadLine) -> str:
    # The wording errors.jsonl has always used (outputs of old and new runs compare equal).
    if isinstance(exc.decode_error, RecursionError):
        return f"line {lineno} is nested too deeply to read"
    if exc.decode_error is not None:
        return f"line {lineno} is not valid JSON: {exc.decode_error}"
    return f"line {lineno} is not a JSON object"


def _utf8_lines(fh: IO[bytes]) -> Iterator[bytes]:
    """Lines of a byte stream as UTF-8; a UTF-16/32 file with a byte-order mark is decoded first."""
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    encoding = _bom_encoding(head)
    if encoding is None:
        yield from fh
        return
    for line in io.TextIOWrapper(fh, encoding=encoding, newline="\n"):  # type: ignore[arg-type]
        yield line.encode("utf-8", "surrogatepass")


def article_from_obj(obj: dict[str, Any], where: str, sites_dir: Path | None = None,
                     parse_date: bool = True) -> Article:
    """Build an Article from an Article JSON object (with `text`, or `html` to extract first)."""
    if "url" not in obj and isinstance(obj.get("source"), str) and obj["source"].startswith("http"):
        obj = {**obj, "url": obj["source"]}
    if obj.get("text") is None and obj.get("html"):
        art = article_from_html(obj["html"], source=obj.get("url") or where, url=obj.get("url"), sites_dir=sites_dir)
        extracted = art.published
        for key in ("id", "title", "published", "site", "author", "section"):
            if obj.get(key):
                setattr(art, key, obj[key])
        art.published = iso_published(art.published, art.site, sites_dir) or extracted
        return art
    if not isinstance(obj.get("text"), str):
        raise EmptyText("no `text` (or `html`) field")
    art = Article.from_dict(obj)
    if not art.source:
        art.source = {"kind": "file", "location": where}
    if art.url and not art.site:
        from urllib.parse import urlsplit
        art.site = urlsplit(art.url).hostname
    if parse_date:
        art.published = iso_published(art.published, art.site, sites_dir)
    return art


def iso_published(value: Any, site: str | None, sites_dir: Path | None = None) -> str | None:
    """Return an Article's `published` as the contract wants it: ISO 8601, or None when unreadable.

    ISO values are kept as given; a raw publication line a scraper copied from the page
    ("Diperbarui 13 Jun 2025, 08:14 WIB", "10/21/2025 20:43") is read by pipeline.dates, with
    the date order of the site's profile (rules/sites/) when it has one.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    if ISO_PUBLISHED.fullmatch(value):
        return value
    profile = _sites_for_run(sites_dir).for_host(site)
    return parse_datetime(value, profile.date_order if profile else "DMY")


def article_from_html(html: bytes | str, *, source: str, url: str | None = None,
                      sites_dir: Path | None = None) -> Article:
    """Run the extract stage on one HTML document."""
    from pipeline.extract import extract_page  # the extract stage; imported late (it loads site profiles)

    page = extract_page(html, url, sites_dir=sites_dir)
    if not page.is_article or not page.article.text.strip():
        raise ExtractError("the page holds no article body (a section/index page or an empty page)")
    art = page.article
    if not art.source:
        art.source = {"kind": "file", "location": source}
    return art


def article_from_txt(text: str, source: str) -> Article:
    """A text file: an optional headline as the first paragraph, then the body."""
    text = text.strip()
    head, _, rest = text.partition("\n\n")
    title = head.strip() if rest and len(head) < 200 and "\n" not in head.strip() else None
    body = rest if title else text
    return Article(text=body.strip(), title=title, source={"kind": "file", "location": source})


def _checked(art: Article, where: str) -> Article:
    """Refuse an article with no text or not in Indonesian."""
    if not art.text or not art.text.strip():
        raise EmptyText("the article text is empty")
    problem = check_indonesian(art.text)
    if problem:
        raise NotIndonesian(problem)
    return art


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark announces (UTF-16/32), or None (UTF-8 is handled as text)."""
    for bom, encoding in _BOMS:  # UTF-32 LE starts like UTF-16 LE: test it first
        if head.startswith(bom):
            return encoding
    return None


def _unicode_bom(data: bytes) -> bytes:
    """Re-encode a UTF-16/32 document with a byte-order mark as UTF-8 (its zero bytes are not binary)."""
    encoding = _bom_encoding(data[:4])
    if encoding is None:
        return data
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise BinaryInput(f"starts with a {encoding.upper()} byte-order mark but does not decode: {exc.reason}") from None


def _refuse_binary(data: bytes) -> None:
    if b"\x00" in data[:8192]:
        raise BinaryInput("binary file (NUL bytes), not text, HTML or JSON")
    if data[:5] == b"%PDF-":
        raise BinaryInput("a PDF document, not text or HTML")


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise BinaryInput("undecodable bytes: not UTF-8 and no text encoding detected") from None
        return str(best)


def _json_object(data: bytes, where: str) -> dict[str, Any]:
    try:
        obj = json.loads(_utf8(data))
    except json.JSONDecodeError as exc:
        raise BadJSONLine(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise BadJSONLine("nested too deeply to read") from None
    if not isinstance(obj, dict):
        raise BadJSONLine("a .json input must hold one Article object")
    return obj


def _sites_for_run(sites_dir: Path | None):
    from pipeline.rules.sites import sites_for_run  # only raw date lines need the site profiles

    return sites_for_run(sites_dir)
