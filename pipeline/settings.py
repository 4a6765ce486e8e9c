"""warta's settings: the one reader of settings.toml, overlaid by ./warta.toml and --config.

Every tunable number (politeness, timeouts, size limits, thresholds, batch sizes) has its value
in the shipped `pipeline/settings.toml`, with a comment; the dataclasses here only name and type
the keys. A user overlays values with `./warta.toml` in the working folder, then with
`--config FILE` (the CLI puts it in WARTA_CONFIG so the worker processes a run starts read the
same). Code reads `current()`, never a literal. Paths that are not tunables stay constants here.
"""
import hashlib
import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import SettingsError, toml_error_line

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
BUNDLED_RULES = REPO_DIR / "rules"
BUNDLED_CORPUS = REPO_DIR / "corpus"
DEFAULT_OUT = Path("output")
SCHEMA_PATH = PACKAGE_DIR / "schema" / "award_record.schema.json"

SHIPPED = PACKAGE_DIR / "settings.toml"
LOCAL = Path("warta.toml")  # read from the working folder
CONFIG_ENV = "WARTA_CONFIG"  # the --config file, also for the processes warta starts
SHIPPED_SOURCE = "shipped"


@dataclass(frozen=True)
class Fetch:
    """[fetch]: the polite HTTP client's manners and limits."""

    user_agent: str
    delay: float
    connect_timeout: float
    read_timeout: float
    deadline: float
    max_bytes: int
    max_sitemap_bytes: int
    max_redirects: int
    retries: int
    backoff: float
    max_retry_after: float
    retry_statuses: tuple[int, ...]


@dataclass(frozen=True)
class Crawl:
    """[crawl]: how far and how wide a crawl goes."""

    max_depth: int
    workers: int
    max_sitemap_urls: int


@dataclass(frozen=True)
class Dedup:
    """[dedup]: when two crawled texts are copies of one another."""

    near_duplicate: float


@dataclass(frozen=True)
class Extract:
    """[extract]: when an HTML page holds an article."""

    min_body_chars: int


@dataclass(frozen=True)
class Language:
    """[language]: when a text is Indonesian enough to read."""

    min_share: float
    sample_chars: int
    min_words: int
    min_letters: int


@dataclass(frozen=True)
class Dates:
    """[dates]: how announced days are resolved."""

    future_window_days: int


@dataclass(frozen=True)
class Batch:
    """[batch]: how `warta run` works through its inputs."""

    workers: int
    batch_size: int
    piece_chars: int
    max_text_chars: int
    commit_every: int
    commit_seconds: float
    progress_every: float
    files_per_shard: int
    tokenizer_cache_chunks: int


@dataclass(frozen=True)
class Warc:
    """[warc]: limits when reading web archives."""

    max_page_bytes: int
    max_waiting: int


@dataclass(frozen=True)
class Cache:
    """[cache]: how many entries of each kind warta's disk cache keeps."""

    keep_checked: int
    keep_models: int


@dataclass(frozen=True)
class Records:
    """[records]: which records are written."""

    min_confidence: float


@dataclass(frozen=True)
class Events:
    """[events]: when records across articles tell one award event."""

    name_min: float
    text_min: float
    prefilter_from: int
    prefilter_min: float


@dataclass(frozen=True)
class Review:
    """[review]: the review page and its server."""

    page_articles: int
    port: int
    max_post_bytes: int


@dataclass(frozen=True)
class Report:
    """[report]: the report page."""

    top: int


@dataclass(frozen=True)
class Eval:
    """[eval]: `warta eval`'s listing."""

    worst: int


# What an article's records (or its error line) depend on, beyond its text and the rules: a run
# with other values redoes the articles an earlier run did (None: every key of the section).
RECORD_SETTINGS: dict[str, frozenset[str] | None] = {
    "extract": None, "language": None, "dates": None, "warc": None, "records": None,
    "batch": frozenset({"piece_chars", "max_text_chars"}),
}

@dataclass(frozen=True)
class Settings:
    """The effective settings, one typed section each, and where every value came from."""

    fetch: Fetch
    crawl: Crawl
    dedup: Dedup
    extract: Extract
    language: Language
    dates: Dates
    batch: Batch
    warc: Warc
    cache: Cache
    records: Records
    events: Events
    review: Review
    report: Report
    eval: Eval
    sources: dict[str, str]  # "fetch.delay" -> "shipped", "./warta.toml" or the --config path
    files: tuple[str, ...]  # the files read, in overlay order

    def records_digest(self) -> str:
        """A digest of the settings an article's records depend on (RECORD_SETTINGS)."""
        values = [f"{section}.{f.name}={getattr(getattr(self, section), f.name)!r}"
                  for section, keys in RECORD_SETTINGS.items()
                  for f in fields(getattr(self, section)) if keys is None or f.name in keys]
        return hashlib.sha256("\n".join(values).encode("utf-8")).hexdigest()[:12]

    def items(self) -> Iterator[tuple[str, str, Any, str]]:
        """Yield (section, key, value, source) of every setting, in the shipped file's order."""
        for section in SECTIONS:
            for f in fields(getattr(self, section)):
                yield section, f.name, getattr(getattr(self, section), f.name), self.sources[f"{section}.{f.name}"]


# Section name → its dataclass, in the order of Settings (and of the shipped file).
SECTIONS: dict[str, type] = {f.name: f.type for f in fields(Settings) if is_dataclass(f.type)}


def load(config: str | Path | None = None, *, local: Path | None = LOCAL) -> Settings:
    """Return the shipped settings overlaid by `local` (when it exists) and `config`.

    Raises SettingsError listing every unknown section or key and wrong type as `file:line: reason`.
    """
    layers: list[tuple[Path, str]] = [(SHIPPED, SHIPPED_SOURCE)]
    if local is not None and local.is_file():
        layers.append((local, f"./{local}" if not local.is_absolute() else str(local)))
    if config:
        path = Path(config)
        if not path.is_file():
            raise SettingsError([f"{path}: no such settings file (--config or ${CONFIG_ENV})"])
        layers.append((path, str(path)))
    values: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    sources: dict[str, str] = {}
    problems: list[str] = []
    for path, source in layers:
        _overlay(path, source, values, sources, problems)
    for section, cls in SECTIONS.items():  # only the shipped file can leave one out: a packaging error
        problems += [f"{SHIPPED}: [{section}] {f.name} has no shipped value"
                     for f in fields(cls) if f.name not in values[section]]
    if problems:
        raise SettingsError(problems)
    built = {name: cls(**values[name]) for name, cls in SECTIONS.items()}
    return Settings(**built, sources=sources, files=tuple(source for _, source in layers))


def _overlay(path: Path, source: str, values: dict[str, dict[str, Any]], sources: dict[str, str],
             problems: list[str]) -> None:
    """Check one settings file and lay its values over `values`; append what is wrong to problems."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot be read ({exc})")
        return
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{path}:{toml_error_line(exc) or '?'}: TOML syntax: {exc}")
        return
    for section, table in data.items():
        cls = SECTIONS.get(section)
        if cls is None or not isinstance(table, dict):
            problems.append(f"{_where(path, text, section)}: unknown section [{section}]"
                            f"{_suggest(section, SECTIONS)} (sections: {', '.join(SECTIONS)})")
            continue
        types = {f.name: f.type for f in fields(cls)}
        for key, value in table.items():
            where = _where(path, text, section, key)
            if key not in types:
                problems.append(f"{where}: unknown key {key!r} in [{section}]{_suggest(key, types)}")
                continue
            checked, why = _check(value, types[key])
            if why:
                problems.append(f"{where}: [{section}] {key} {why}")
                continue
            values[section][key] = checked
            sources[f"{section}.{key}"] = source


def _check(value: Any, kind: Any) -> tuple[Any, str | None]:
    """Return (the value as its field's type, None), or (None, why it does not fit)."""
    if kind is str:
        return (value, None) if isinstance(value, str) and value.strip() else (None, "must be a non-empty string")
    if kind == tuple[int, ...]:
        if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return tuple(value), None
        return None, "must be a list of whole numbers, like [429, 503]"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, f"must be a {'whole ' if kind is int else ''}number, not {type(value).__name__} {value!r}"
    if kind is int and not isinstance(value, int):
        return None, f"must be a whole number, not {value!r}"
    if value < 0:
        return None, f"must be 0 or more, not {value!r}"
    return (float(value) if kind is float else value), None


def _where(path: Path, text: str, section: str, key: str | None = None) -> str:
    """Return `file:line` of a section header or of a key inside it (`file` when not found)."""
    current = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = re.match(r"\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).strip("\"'")
            if key is None and current == section:
                return f"{path}:{n}"
        elif key is None and line.startswith(f"{section}."):  # a dotted key at the top
            return f"{path}:{n}"
        elif key is not None and current == section and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", line):
            return f"{path}:{n}"
        elif key is not None and current is None and line.startswith(f"{section}.{key}"):
            return f"{path}:{n}"
    return str(path)


def _suggest(name: str, known: Any) -> str:
    import difflib  # only when a file is wrong: start-up stays light

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


_CACHE: dict[tuple[str, str], Settings] = {}


def current() -> Settings:
    """Return the settings in effect here (the working folder's warta.toml, WARTA_CONFIG), read once."""
    try:
        cwd = os.getcwd()
    except OSError:  # the working folder was deleted: there is no ./warta.toml to read
        cwd = ""
    key = (cwd, os.environ.get(CONFIG_ENV, ""))
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = load(key[1] or None, local=LOCAL if cwd else None)
    return found


@contextmanager
def config_file(path: str | None) -> Iterator[None]:
    """Within the block, `path` (when given) is the --config overlay, here and in started workers."""
    previous = os.environ.get(CONFIG_ENV)
    if path:
        os.environ[CONFIG_ENV] = path
    _CACHE.clear()  # a CLI call reads its files afresh (tests call main() many times in one process)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(CONFIG_ENV, None)
        else:
            os.environ[CONFIG_ENV] = previous
        _CACHE.clear()


def default_rules_dir() -> Path:
    """Return ./rules when the working folder has one, else the rules bundled with warta."""
    local = Path("rules")
    return local if (local / "patterns").is_dir() else BUNDLED_RULES
