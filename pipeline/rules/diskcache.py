"""A disk cache of loaded, validated rules, keyed by the rules' digest and the loader's own code.

Loading the rules (parsing every file, checking every site selector, which imports soupsieve)
takes ~0.25 s of every command that extracts; unpickling the same `Rules` takes milliseconds.
The key covers every rule file's bytes (`rules_digest`), this loader's source and the Python
version, so an edited rule or loader is parsed and validated again: a broken file is still refused.
Set WARTA_CACHE_DIR to move the cache (default: $XDG_CACHE_HOME/warta or ~/.cache/warta).
Every edit of the rules, every checkout and every warta version makes new entries: of each kind
only the most recently used are kept ([cache] in the settings), so the folder does not grow.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
from pathlib import Path

from pipeline.settings import current

_LOADER = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """Where cached rules live."""
    if os.environ.get("WARTA_CACHE_DIR"):
        return Path(os.environ["WARTA_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "warta"


def _loader_digest() -> str:
    h = hashlib.sha256()
    for f in sorted(_LOADER.glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def cache_file(digest: str, root: Path, kind: str = "rules") -> Path:
    """The cache file for a kind of value loaded from a folder of rules with this digest, under the
    current loader and Python."""
    py = f"py{sys.version_info[0]}{sys.version_info[1]}"
    # The folder is part of the key: loaded rules remember their files' paths (for file:line
    # messages and example checks), so the same bytes in another folder are another entry.
    where = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:8]
    return cache_dir() / f"{kind}-{digest}-{where}-{_loader_digest()}-{py}.pickle"


def load_cached(digest: str, root: Path):
    """Return the cached Rules for this digest (path set to root), or None."""
    rules = load_entry("rules", digest, root)
    if getattr(rules, "digest", None) != digest:
        return None
    rules.path = root  # the same folder, as this caller writes it
    return rules


def store(rules) -> None:
    """Save validated rules for the next process (never fails a run: a read-only home is fine)."""
    store_entry("rules", rules.digest, rules.path, rules)


def load_entry(kind: str, digest: str, root: Path):
    """Return what store_entry saved for (kind, digest, folder) under this loader and Python, or None."""
    path = cache_file(digest, root, kind)
    try:
        with open(path, "rb") as fh:
            value = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, stale or unreadable: the caller loads the files
        return None
    used(path)
    return value


def store_entry(kind: str, digest: str, root: Path, value) -> None:
    """Save a validated value loaded from root's files (never fails: a read-only home is fine)."""
    target = cache_file(digest, root, kind)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, target)
    except OSError:
        return
    prune(f"{kind}-", current().cache.keep_checked)


def used(entry: Path) -> None:
    """Mark a cache entry as just used (its time), so pruning keeps it (never fails)."""
    try:
        os.utime(entry)
    except OSError:
        pass


def prune(prefix: str, keep: int) -> None:
    """Delete all but the `keep` most recently used cache entries named prefix… (never fails).

    Another process may be reading an old entry: it either has it open (Linux keeps the data) or
    finds it gone and loads the files itself, as with any entry not cached.
    """
    def last_used(entry: Path) -> float:
        try:
            return entry.stat().st_mtime
        except OSError:  # deleted by another process meanwhile
            return 0.0

    try:
        entries = sorted((p for p in cache_dir().iterdir() if p.name.startswith(prefix)), key=last_used, reverse=True)
    except OSError:
        return
    for old in entries[max(keep, 1):]:
        try:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        except OSError:
            pass
