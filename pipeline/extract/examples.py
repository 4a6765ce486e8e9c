"""Run the `[[examples]]` of every site profile (what `warta rules check` reports for rules/sites/)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ExtractError
from pipeline.extract import extract_page
from pipeline.rules.sites import load_sites
from pipeline.settings import BUNDLED_CORPUS


@dataclass
class ExampleResult:
    """One profile example: which profile, which file, and what came out wrong (empty when it passed)."""

    profile: str
    file: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the example extracted as its profile says."""
        return not self.problems


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def check_site_examples(sites_dir: Path | None = None, corpus_dir: Path | None = None) -> list[ExampleResult]:
    """Extract each profile example file (under corpus/sites/) and compare with its expected fields."""
    rules = load_sites(sites_dir)
    root = (corpus_dir or BUNDLED_CORPUS) / "sites"
    results = []
    for prof in rules.profiles:
        for ex in prof.examples:
            res = ExampleResult(prof.id, ex.file)
            path = root / ex.file
            if not path.is_file():
                res.problems.append(f"example file not found: {path}")
                results.append(res)
                continue
            try:
                page = extract_page(path.read_bytes(), ex.url, sites_dir=sites_dir)
            except ExtractError as exc:
                res.problems.append(f"extract failed: {exc.reason}")
                results.append(res)
                continue
            art = page.article
            paras = art.text.split("\n\n")
            if page.profile != prof.id:
                res.problems.append(f"page matched profile {page.profile!r}, not {prof.id!r}")
            if ex.title and _norm(art.title) != _norm(ex.title):
                res.problems.append(f"title {art.title!r} != {ex.title!r}")
            if ex.first_sentence and not paras[0].startswith(_norm(ex.first_sentence)):
                res.problems.append(f"body starts {paras[0][:80]!r}, expected {ex.first_sentence[:80]!r}")
            if ex.last_sentence and not paras[-1].endswith(_norm(ex.last_sentence)):
                res.problems.append(f"body ends {paras[-1][-80:]!r}, expected {ex.last_sentence[-80:]!r}")
            if ex.published and (art.published or "")[:16] != ex.published[:16]:
                res.problems.append(f"published {art.published!r} != {ex.published!r}")
            if ex.dateline_place is not None and art.dateline_place != ex.dateline_place:
                res.problems.append(f"dateline_place {art.dateline_place!r} != {ex.dateline_place!r}")
            results.append(res)
    return results
