"""Read local inputs (files, folders, stdin) into Articles; each bad input becomes one ErrorRecord."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.errors import BadJSONLine, BinaryInput, EmptyText, ExtractError, InputError, NotIndonesian, WartaError
from pipeline.language import check_indonesian
from pipeline.models import Article, ErrorRecord
from pipeline.warc import ArchiveOptions, is_warc, read_warc

SUFFIXES = {".html", ".htm", ".txt", ".jsonl", ".json"}


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


def read_articles(paths: Iterable[Path], sites_dir: Path | None = None,
                  archive: ArchiveOptions | None = None) -> Iterator[Article | ErrorRecord]:
    """Yield an Article or an ErrorRecord for every input found under paths (site profiles from sites_dir)."""
    for path in iter_paths(paths):
        if not path.exists():
            yield ErrorRecord(str(path), "read", "no such file or folder", InputError.code)
            continue
        suffix = path.suffix.lower()
        if is_warc(path):  # a web archive: many pages, streamed (pipeline/warc.py)
            yield from read_warc(path, sites_dir, archive)
            continue
        try:
            if suffix == ".jsonl":
                with open(path, "rb") as fh:
                    yield from read_jsonl(fh, str(path), sites_dir)
                continue
            data = path.read_bytes()
            _refuse_binary(data)
            if suffix == ".json":
                yield _checked(article_from_obj(_json_object(data, str(path)), str(path), sites_dir), str(path))
            elif suffix in (".html", ".htm"):
                yield _checked(article_from_html(data, source=str(path), sites_dir=sites_dir), str(path))
            else:
                yield _checked(article_from_txt(_utf8(data), str(path)), str(path))
        except WartaError as exc:
            yield ErrorRecord(str(path), exc.stage, exc.reason, exc.code, exc.line)


def read_jsonl(fh: IO[bytes], name: str, sites_dir: Path | None = None) -> Iterator[Article | ErrorRecord]:
    """Yield Articles from Article JSONL; a broken line becomes an ErrorRecord with its number."""
    for lineno, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise BadJSONLine(f"line {lineno} is not valid JSON: {exc}", line=lineno) from None
            if not isinstance(obj, dict):
                raise BadJSONLine(f"line {lineno} is not a JSON object", line=lineno)
            yield _checked(article_from_obj(obj, where, sites_dir), where)
        except WartaError as exc:
            yield ErrorRecord(where, exc.stage, exc.reason, exc.code, lineno)


def article_from_obj(obj: dict[str, Any], where: str, sites_dir: Path | None = None) -> Article:
    """Build an Article from an Article JSON object (with `text`, or `html` to extract first)."""
    if "url" not in obj and isinstance(obj.get("source"), str) and obj["source"].startswith("http"):
        obj = {**obj, "url": obj["source"]}
    if obj.get("text") is None and obj.get("html"):
        art = article_from_html(obj["html"], source=obj.get("url") or where, url=obj.get("url"), sites_dir=sites_dir)
        for key in ("id", "title", "published", "site", "author", "section"):
            if obj.get(key):
                setattr(art, key, obj[key])
        return art
    if not isinstance(obj.get("text"), str):
        raise EmptyText("no `text` (or `html`) field")
    art = Article.from_dict(obj)
    if not art.source:
        art.source = {"kind": "file", "location": where}
    if art.url and not art.site:
        from urllib.parse import urlsplit
        art.site = urlsplit(art.url).hostname
    return art


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
    if not isinstance(obj, dict):
        raise BadJSONLine("a .json input must hold one Article object")
    return obj
