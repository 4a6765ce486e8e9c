"""py3langid's model, unpacked once into warta's disk cache and memory-mapped by every process after.

The wheel's model is an LZMA-packed .npz: `from_model_file` unpacks 68 MB (~0.85 s of CPU, and a
temporary file) in every process that checks a language. The same arrays saved as plain .npy
files load by memory map in milliseconds: the identifier gets the very arrays it would have
built (same values, same types of lookup), so every decision is the same.
The entry is keyed by py3langid's version and the model file's size and first bytes (not its
path or time: every virtual environment installs the same file anew), and written under a
temporary name then renamed: a half-written entry is never read. Only the most recently used
entries are kept ([cache] keep_models). If the cache cannot be
written (a read-only home), the model is loaded from the wheel as before.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# The arrays of py3langid's model file (modelio.load_model) and the lookup type each becomes.
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_PREFIX = "langid-"
_KEY_BYTES = 1 << 16  # enough of the packed model to tell two releases apart, read in microseconds


def _model_path() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def cache_entry() -> Path:
    """The cache folder for the installed py3langid's model."""
    from pipeline.rules.diskcache import cache_dir

    model = _model_path()
    try:
        ver = version("py3langid")
    except PackageNotFoundError:
        ver = "unknown"
    with open(model, "rb") as fh:
        head = fh.read(_KEY_BYTES)
    key = hashlib.sha256(f"{ver}|{model.stat().st_size}|".encode() + head).hexdigest()[:12]
    return cache_dir() / f"{_PREFIX}{ver}-{key}"


def _unpack(model: Path, target: Path) -> None:
    """Write the model's arrays as .npy files into target (via a temporary folder, renamed in place)."""
    import lzma

    import numpy as np

    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        packed = tmp / "model.npz"  # unpacked to a file first: np.load seeks, and seeking in LZMA re-reads it
        with lzma.open(model) as src, open(packed, "wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 20)
        with np.load(packed, allow_pickle=False) as data:
            missing = set(_ARRAYS).difference(data.files)
            if missing:  # a model layout this code does not know: let py3langid load it
                raise ValueError(f"unknown model layout (missing {sorted(missing)})")
            for name in _ARRAYS:
                np.save(tmp / f"{name}.npy", data[name], allow_pickle=False)
        packed.unlink()
        try:
            os.replace(tmp, target)
        except OSError:  # another process renamed its copy first: theirs is the same
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _lookup(arr):
    """A flat integer lookup over a mapped array: indexing gives Python ints, like py3langid's array()."""
    return memoryview(arr).cast("B").cast({2: "H", 4: "I", 8: "L"}[arr.dtype.itemsize])


def load_arrays(entry: Path):
    """(ptc, pc, classes, nextmove, row, out_feat) as LanguageIdentifier wants them, mapped from entry."""
    import numpy as np

    a = {name: np.load(entry / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    out = memoryview(a["out_feat"]).cast("B").cast("i")  # int32 per DFA state; < 0 = no feature
    return (a["ptc"], np.array(a["pc"]), a["classes"].tolist(), _lookup(a["nextmove"]),
            _lookup(a["nextmove_row"]), out)


def cached_identifier():
    """py3langid's LanguageIdentifier (probabilities normalised), its arrays mapped from warta's cache."""
    from py3langid.langid import LanguageIdentifier

    from pipeline.rules.diskcache import prune, used
    from pipeline.settings import current

    try:
        entry = cache_entry()
        if entry.is_dir():
            used(entry)
        else:
            _unpack(_model_path(), entry)
            prune(_PREFIX, current().cache.keep_models)
        ptc, pc, classes, nextmove, row, out = load_arrays(entry)
    except (OSError, ValueError):  # unwritable or unreadable cache: the wheel's own (slower) way
        from py3langid.langid import MODEL_FILE

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return LanguageIdentifier(ptc, pc, classes, nextmove, out, norm_probs=True, tk_row=row)
