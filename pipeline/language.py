"""Is a text Indonesian? py3langid's byte n-gram model (shipped inside its wheel) decides.

Byte n-grams, not words: scraped texts with words glued together ("(Pemkot)Cimahiakan") still
read as Indonesian, which the function-word share this replaced did not.

The wheel ships the model LZMA-compressed: unpacking it costs ~0.85 s and a 68 MB temporary
file in every process. warta keeps the unpacked arrays in its disk cache (langid_cache.py) and
maps them into memory, so a process reads only the pages it uses and forked workers share them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.settings import current

# Indonesian and Malay share most of their words: the model calls Indonesian religious articles
# (Arabic loanwords, "Allah SWT", "hukum", "dalil") Malay about one time in 300, so the two count
# as one. Javanese, Sundanese or Acehnese are not: a Javanese song is not Indonesian news.
ACCEPTED = ("id", "ms")
# The thresholds are [language] in settings.toml: min_share, sample_chars (the opening is enough to
# tell; the cost grows with the length read), min_words and min_letters (a shorter text is accepted).
# Most texts are plainly Indonesian in their first 400 characters: read the whole sample only when
# those leave doubt (religious articles full of Arabic terms need a longer one: at 600 one reads as
# Acehnese). This shortcut is a speed-up that gives the same answers, not a setting.
QUICK_CHARS, QUICK_SHARE = 400, 0.9
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier with probabilities, loaded once per process (from the disk cache when it can)."""
    from pipeline.langid_cache import cached_identifier

    return cached_identifier()


def load_model() -> None:
    """Load the model now (a parent about to fork workers shares one copy with them)."""
    _identifier()


def indonesian_share(text: str) -> tuple[float, str]:
    """Return (probability that text is Indonesian or Malay, the most likely language code)."""
    for size in (QUICK_CHARS, current().language.sample_chars):
        ranked = _identifier().rank(text[:size])
        share = sum(p for lang, p in ranked if lang in ACCEPTED)
        if share >= QUICK_SHARE or len(text) <= size:
            break
    return share, ranked[0][0]


def check_indonesian(text: str) -> str | None:
    """Return why text does not look Indonesian, or None when it does (or is too short to tell)."""
    lang = current().language
    words = _WORD.findall(text[:lang.sample_chars])
    if not words:
        return "no words in the text"
    if len(words) < lang.min_words and sum(map(len, words)) < lang.min_letters:
        return None
    share, best = indonesian_share(text)
    if share < lang.min_share:
        return f"does not look Indonesian (language identified as {best!r}; Indonesian {share:.0%}, expected ≥ {lang.min_share:.0%})"
    return None
