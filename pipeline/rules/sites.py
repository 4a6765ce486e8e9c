"""Site-profile loader: the only code that reads rules/sites/ (per-site selectors + clean-up vocabulary).

`load_sites(dir)` validates every `<id>.toml` profile and `_cleanup.toml`; a bad file raises
RuleError(path, line, reason). Profiles are plain dataclasses; selectors are checked to compile.
"""
from __future__ import annotations

import fnmatch
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import soupsieve

from pipeline.errors import RuleError
from pipeline.rules import diskcache
from pipeline.rules.regexcheck import regex_problem
from pipeline.settings import BUNDLED_RULES, default_rules_dir

SITES_SUBDIR = "sites"
CLEANUP_FILE = "_cleanup.toml"

# key -> expected kind: "str", "list" (list of str), "sel" (CSS selector or list of them)
_PROFILE_KEYS = {
    "id": "str", "description": "str", "hosts": "list", "detect": "sel",
    "title": "sel", "body": "sel", "date": "sel", "date_attr": "str", "author": "sel",
    "section": "sel", "drop": "sel", "pagination": "table", "examples": "tables", "date_order": "str",
}
DATE_ORDERS = ("DMY", "MDY", "YMD")  # how a site writes numeric dates ("9/5/2025"); DMY unless it says
_PAGINATION_KEYS = {"all_param": "str", "next_selector": "sel", "page_links": "sel", "page_param": "str"}
_EXAMPLE_KEYS = {"file": "str", "url": "str", "title": "str", "first_sentence": "str",
                 "last_sentence": "str", "published": "str", "dateline_place": "str"}
_CLEANUP_KEYS = {
    "body_selectors": "sel", "drop_selectors": "sel", "caption_selectors": "sel",
    "related_headings": "list", "drop_lines": "regex", "stop_lines": "regex",
    "trailing_credits": "regex", "datelines": "regex", "strip_inline": "regex",
    "tracking_params": "list",
}


@dataclass(frozen=True)
class Pagination:
    """How a site splits an article over pages."""

    all_param: str | None = None      # "page=all": one URL that shows every page
    next_selector: list[str] = field(default_factory=list)
    page_links: list[str] = field(default_factory=list)
    page_param: str | None = None     # "page": further pages are ?page=2, ?page=3 ...


@dataclass(frozen=True)
class SiteExample:
    """A saved page under corpus/sites/ and what extracting it must give."""

    file: str
    url: str | None = None
    title: str | None = None
    first_sentence: str | None = None
    last_sentence: str | None = None
    published: str | None = None
    dateline_place: str | None = None


@dataclass(frozen=True)
class SiteProfile:
    """Selectors for one site family; lists are tried in order, the first match wins."""

    id: str
    path: str
    hosts: list[str] = field(default_factory=list)
    detect: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    date: list[str] = field(default_factory=list)
    date_attr: str | None = None
    date_order: str = "DMY"
    author: list[str] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    pagination: Pagination = field(default_factory=Pagination)
    examples: list[SiteExample] = field(default_factory=list)
    description: str = ""

    def matches_host(self, host: str | None) -> bool:
        """Return True when the host fits one of the profile's host globs."""
        if not host:
            return False
        host = host.lower()
        for pattern in self.hosts:
            pattern = pattern.lower()
            if fnmatch.fnmatch(host, pattern) or (pattern.startswith("*.") and host == pattern[2:]):
                return True
        return False


@dataclass(frozen=True)
class Cleanup:
    """The Indonesian clean-up vocabulary (rules/sites/_cleanup.toml), regexes compiled."""

    body_selectors: list[str]
    drop_selectors: list[str]
    caption_selectors: list[str]
    related_headings: list[str]
    drop_lines: list[re.Pattern[str]]
    stop_lines: list[re.Pattern[str]]
    trailing_credits: list[re.Pattern[str]]
    datelines: list[re.Pattern[str]]
    strip_inline: list[re.Pattern[str]]
    tracking_params: list[str]


@dataclass(frozen=True)
class SiteRules:
    """Every site profile plus the clean-up vocabulary, loaded from one folder."""

    path: Path
    profiles: list[SiteProfile]
    cleanup: Cleanup

    def for_host(self, host: str | None) -> SiteProfile | None:
        """Return the profile whose hosts match, or None."""
        return next((p for p in self.profiles if p.matches_host(host)), None)


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line number of `key = ` or `[key]` in a TOML file (tomllib keeps none)."""
    pat = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?\s*{re.escape(key)}\s*\]\]?)", re.M)
    m = pat.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else (len(text.rstrip().splitlines()) or None)  # "at end of document"
        raise RuleError(str(path), line, f"not valid TOML: {exc}") from None


def _check(value: Any, kind: str, key: str, path: Path, text: str) -> list[str] | str:
    """Validate one value against its kind; return it normalised (selectors/regexes as lists)."""
    line = _line_of(text, key.split(".")[-1])
    if kind == "str":
        if not isinstance(value, str):
            raise RuleError(str(path), line, f"`{key}` must be a string")
        return value
    items = [value] if isinstance(value, str) and kind in ("sel", "regex") else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise RuleError(str(path), line, f"`{key}` must be a list of strings")
    for item in items:
        try:
            if kind == "sel":
                soupsieve.compile(item)
            elif kind == "regex" and (problem := regex_problem(item)):
                raise RuleError(str(path), line, f"`{key}`: {problem}")
        except soupsieve.SelectorSyntaxError as exc:
            raise RuleError(str(path), line, f"`{key}`: bad CSS selector {item!r}: {exc}") from None
    return items


def _unknown(data: dict[str, Any], allowed: dict[str, str], where: str, path: Path, text: str) -> None:
    for key in data:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise RuleError(str(path), _line_of(text, key), f"unknown key `{where}{key}` (known: {known})")


def load_profile(path: Path) -> SiteProfile:
    """Load and validate one site profile; raise RuleError(path, line, reason) when malformed."""
    data, text = _read_toml(path)
    _unknown(data, _PROFILE_KEYS, "", path, text)
    if "id" not in data:
        raise RuleError(str(path), 1, "missing `id`")
    if not data.get("hosts") and not data.get("detect"):
        raise RuleError(str(path), _line_of(text, "id"), "a profile needs `hosts` or `detect`")
    kw: dict[str, Any] = {}
    for key, kind in _PROFILE_KEYS.items():
        if key in data and kind not in ("table", "tables"):
            kw[key] = _check(data[key], kind, key, path, text)
    if kw.get("date_order", "DMY") not in DATE_ORDERS:
        raise RuleError(str(path), _line_of(text, "date_order"), f"`date_order` must be one of {', '.join(DATE_ORDERS)}")
    pag = data.get("pagination", {})
    if not isinstance(pag, dict):
        raise RuleError(str(path), _line_of(text, "pagination"), "`pagination` must be a table")
    _unknown(pag, _PAGINATION_KEYS, "pagination.", path, text)
    pkw = {k: _check(v, _PAGINATION_KEYS[k], f"pagination.{k}", path, text) for k, v in pag.items()}
    examples = []
    for ex in data.get("examples", []):
        if not isinstance(ex, dict) or "file" not in ex:
            raise RuleError(str(path), _line_of(text, "examples"), "each [[examples]] needs a `file`")
        _unknown(ex, _EXAMPLE_KEYS, "examples.", path, text)
        examples.append(SiteExample(**{k: _check(v, "str", f"examples.{k}", path, text) for k, v in ex.items()}))
    return SiteProfile(path=str(path), pagination=Pagination(**pkw), examples=examples, **kw)


def load_cleanup(path: Path) -> Cleanup:
    """Load and validate _cleanup.toml; regexes are compiled case-insensitively where marked."""
    data, text = _read_toml(path)
    _unknown(data, _CLEANUP_KEYS, "", path, text)
    vals = {k: _check(data.get(k, []), kind, k, path, text) for k, kind in _CLEANUP_KEYS.items()}
    rx = {k: [re.compile(p) for p in vals[k]] for k, kind in _CLEANUP_KEYS.items() if kind == "regex"}
    plain = {k: list(vals[k]) for k, kind in _CLEANUP_KEYS.items() if kind != "regex"}
    return Cleanup(**plain, **rx)


_LOADED: dict[tuple[str, float], SiteRules] = {}


def sites_dir(rules_dir: Path | str | None = None) -> Path:
    """Return the site profiles of a rules folder (default: settings.default_rules_dir()).

    A rules folder without `sites/` uses the bundled profiles, as load_rules checks `sites/`
    only when it is there; whether there is a local ./rules is decided by default_rules_dir alone.
    """
    own = (Path(rules_dir) if rules_dir else default_rules_dir()) / SITES_SUBDIR
    return own if own.is_dir() else BUNDLED_RULES / SITES_SUBDIR


_FOR_RUN: dict[Path, SiteRules] = {}


def sites_for_run(path: Path | str | None = None) -> SiteRules:
    """The site profiles of a folder, loaded once per process and folder and not checked for edits again.

    load_sites re-globs and stats the folder on every call (~0.25 ms) to notice edits; a run reads
    thousands of raw date lines with the rules it started with.
    """
    root = (Path(path) if path else sites_dir()).absolute()  # ./rules/sites: per folder
    if root not in _FOR_RUN:
        _FOR_RUN[root] = load_sites(root)
    return _FOR_RUN[root]


def load_sites(path: Path | str | None = None) -> SiteRules:
    """Load every profile in a sites folder (cached by folder and mtimes); raise RuleError on a bad file."""
    root = Path(path) if path else sites_dir()
    files = sorted(p for p in root.glob("*.toml") if p.name != CLEANUP_FILE)
    cleanup_path = root / CLEANUP_FILE
    if not cleanup_path.is_file():
        raise RuleError(str(cleanup_path), None, "clean-up vocabulary not found")
    stamp = sum(p.stat().st_mtime for p in [*files, cleanup_path]) + len(files)
    key = (str(root.resolve()), stamp)
    if key in _LOADED:
        return _LOADED[key]
    # Checking every selector and regex takes ~0.35 s; a folder with the same bytes was checked
    # by an earlier process (rules/diskcache.py), so its loaded profiles are reused.
    # The folder as written is part of the key: profiles keep their files' paths for messages.
    digest = hashlib.sha256(b"".join(str(p).encode("utf-8", "surrogatepass") + b"\0" + p.read_bytes() + b"\0"
                                     for p in [*files, cleanup_path])).hexdigest()[:16]
    cached = diskcache.load_entry("sites", digest, root)
    if isinstance(cached, SiteRules):
        _LOADED[key] = cached
        return cached
    profiles = [load_profile(p) for p in files]
    seen: dict[str, str] = {}
    for prof in profiles:
        if prof.id in seen:
            raise RuleError(prof.path, _line_of(Path(prof.path).read_text(encoding="utf-8"), "id"),
                            f"duplicate profile id {prof.id!r} (also in {seen[prof.id]})")
        seen[prof.id] = prof.path
    rules = SiteRules(root, profiles, load_cleanup(cleanup_path))
    _LOADED[key] = rules
    diskcache.store_entry("sites", digest, root, rules)
    return rules
