"""Settings: the shipped settings.toml, overlaid by ./warta.toml and --config, change what warta does."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sitesrv import jsonl_lines

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "pipeline" / "settings.toml"
ARTICLE = "/2018/11/28/pemkab-bekasi-raih-penghargaan-pelayanan-publik/"


def test_settings_local_file_sets_the_crawl_delay_between_requests_to_a_host(srv, tmp_path, warta):
    (tmp_path / "warta.toml").write_text("[fetch]\ndelay = 1.5\n")
    start = len(srv.hits)
    code, _, err = warta("crawl", srv.url("beritacikarang", "/"), "--out", "out", "--max-pages", "2",
                         "--quiet", cwd=tmp_path)
    assert code == 0, err
    times = [h.at for h in srv.hits[start:] if h.site == "beritacikarang"]
    assert len(times) == 3  # robots.txt, the home page, one article
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 1.45, gaps  # the shipped 1 s would give gaps under 1.45 s


def test_settings_local_size_limit_refuses_a_page_and_config_overrides_it(srv, tmp_path, warta):
    (tmp_path / "warta.toml").write_text("[fetch]\ndelay = 0.05\nmax_bytes = 1_000\n")
    (tmp_path / "big.toml").write_text("[fetch]\nmax_bytes = 2_000_000\n")
    url = srv.url("beritacikarang", ARTICLE)
    code, _, err = warta("crawl", url, "--out", "small", "--quiet", cwd=tmp_path)
    assert code == 1, err  # the one seed failed
    [error] = jsonl_lines(tmp_path / "small" / "errors.jsonl")
    assert error["code"] == "W207" and "1,000 byte limit" in error["reason"]
    assert jsonl_lines(tmp_path / "small" / "articles.jsonl") == []
    # --config after the command, as a user types it: the larger limit wins, the page is read
    code, _, err = warta("crawl", url, "--out", "big", "--quiet", "--config", "big.toml", cwd=tmp_path)
    assert code == 0, err
    [article] = jsonl_lines(tmp_path / "big" / "articles.jsonl")
    assert article["title"].startswith("Pemkab Bekasi Raih Penghargaan")


def test_settings_command_shows_each_value_and_where_it_came_from(tmp_path, warta):
    (tmp_path / "warta.toml").write_text("[fetch]\ndelay = 2.5\n\n[review]\nport = 9000\n")
    (tmp_path / "run.toml").write_text("[review]\nport = 9100\n")
    code, out, err = warta("--config", "run.toml", "settings", cwd=tmp_path)
    assert code == 0, err
    assert out.startswith("# read: shipped < ./warta.toml < run.toml\n")
    assert re.search(r"^delay = 2\.5 +# \./warta\.toml$", out, re.M)
    assert re.search(r"^port = 9100 +# run\.toml$", out, re.M)
    assert re.search(r"^read_timeout = 20\.0 +# shipped$", out, re.M)
    # the printed lines are TOML: pasted into a file they give the same values back
    printed = tomllib.loads(re.sub(r" +#.*", "", out))
    assert printed["fetch"]["delay"] == 2.5 and printed["fetch"]["retry_statuses"] == [429, 500, 502, 503, 504]
    # argparse's abbreviation of --config reads the file too
    code, out, err = warta("settings", "--conf", "run.toml", "review.port", cwd=tmp_path)
    assert code == 0 and re.search(r"^port = 9100 +# run\.toml$", out, re.M), out + err
    code, out, _ = warta("settings", "--json", "fetch.delay", "review", cwd=tmp_path)
    data = json.loads(out)
    assert data["fetch"] == {"delay": {"value": 2.5, "source": "./warta.toml"}}
    assert data["review"]["port"] == {"value": 9000, "source": "./warta.toml"}
    assert data["review"]["page_articles"]["source"] == "shipped"


def test_settings_flag_defaults_come_from_the_settings_in_effect(tmp_path, warta):
    (tmp_path / "warta.toml").write_text("[fetch]\ndelay = 3.25\n")
    code, out, _ = warta("crawl", "--help", cwd=tmp_path)
    assert code == 0
    assert "default: 3.25" in " ".join(out.split())


@pytest.mark.parametrize("text, message", [
    ("[fetch]\ndelay = 1\nretrys = 4\n", "warta.toml:3: unknown key 'retrys' in [fetch] (did you mean 'retries'?)"),
    ("[fetch]\n\ndelay = \"fast\"\n", "warta.toml:3: [fetch] delay must be a number, not str 'fast'"),
    ("[crawl]\nworkers = 2.5\n", "warta.toml:2: [crawl] workers must be a whole number, not 2.5"),
    ("[fetch]\nretries = -1\n", "warta.toml:2: [fetch] retries must be 0 or more, not -1"),
    ("[fetch]\nretry_statuses = 503\n", "warta.toml:2: [fetch] retry_statuses must be a list of whole numbers"),
    ("# mine\n[fetsh]\ndelay = 2\n", "warta.toml:2: unknown section [fetsh] (did you mean 'fetch'?)"),
    ("[fetch]\ndelay = = 2\n", "warta.toml:2: TOML syntax"),
])
def test_settings_bad_local_file_is_refused_with_file_line_and_reason(tmp_path, text, message):
    (tmp_path / "warta.toml").write_text(text)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(ROOT / "corpus" / "articles"),
                           "--out", "out"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert proc.stderr.startswith("warta: refusing to start, bad settings:\n" + message), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()  # nothing started


def test_settings_missing_config_file_is_refused(tmp_path, warta):
    code, _, err = warta("settings", "--config", "nothere.toml", cwd=tmp_path)
    assert code == 3 and "nothere.toml: no such settings file" in err


def test_settings_config_reaches_the_worker_processes(tmp_path):
    # [batch] max_text_chars is checked where the text is analysed: in the workers
    (tmp_path / "tiny.toml").write_text("[batch]\npiece_chars = 200\nmax_text_chars = 300\n")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(ROOT / "corpus" / "articles" / "002.json"),
                           str(ROOT / "corpus" / "articles" / "003.json"), "--out", "out", "--workers", "2",
                           "--quiet", "--config", "tiny.toml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    errors = jsonl_lines(tmp_path / "out" / "errors.jsonl")
    assert len(errors) == 2
    assert all(e["stage"] == "nlp" and "over the limit of 300 ([batch] max_text_chars" in e["reason"] for e in errors)
    assert jsonl_lines(tmp_path / "out" / "awards.jsonl") == []


def test_settings_every_shipped_value_has_a_comment_and_is_read_by_the_code():
    from pipeline.settings import SECTIONS, load

    text = SHIPPED.read_text(encoding="utf-8")
    block: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            block = []
            continue
        if re.match(r"\w+ *=", line):
            assert any(b.startswith("#") for b in block), f"no comment above: {line}"
        block.append(line)
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pipeline").rglob("*.py")
                     if p.name != "settings.py")
    settings = load(local=None)
    for section, key, _, source in settings.items():
        assert source == "shipped"
        assert re.search(rf"\.{section}\b", code) or section in ("fetch",), section
        # read as `current().section.key`, `section.key` on a local, or a FetchOptions default by name
        assert re.search(rf"(\.{key}\b|_setting\(\"{key}\"\))", code), f"[{section}] {key} is read nowhere"
    assert set(SECTIONS) == set(tomllib.loads(text))


# The tunables the settings file took over: none of their old literals may come back in pipeline/.
FORBIDDEN = [
    (r"\b(BATCH_SIZE|PIECE_CHARS|MAX_TEXT_CHARS|USER_AGENT|RETRY_STATUSES|MAX_SITEMAP_URLS|MAX_XML_BYTES"
     r"|NEAR_DUPLICATE|MIN_BODY_CHARS|MIN_SHARE|SAMPLE_CHARS|MIN_WORDS|MIN_LETTERS|FUTURE_WINDOW_DAYS"
     r"|COMMIT_EVERY|COMMIT_SECONDS|LOG_EVERY|FILES_PER_SHARD|MAX_PAGE_BYTES|MAX_WAITING|NAME_MIN|TEXT_MIN"
     r"|PREFILTER_FROM|PREFILTER_MIN|LOW_CONFIDENCE|PAGE_ARTICLES|MAX_BODY|TOP|TOKENIZER_CACHE_CHUNKS)\b\s*=", "a settings constant"),
    (r"add_argument\([^)]*default=-?[0-9]", "a number as a flag's default"),
    (r"\b(2_000_000|50_000_000|8765|10_000_000|100_000)\b", "a size limit or port"),
    (r"\b429\b", "a retry status"),
    (r"(delay|timeout|deadline|backoff|retries|max_redirects|max_depth)\s*(:\s*\w+\s*)?=\s*[0-9]", "a fetch tunable"),
    (r"\b(workers|batch_size|worst|min_confidence)\s*:\s*[\w ]+=\s*[0-9]", "a batch or output tunable"),
]


@pytest.mark.parametrize("pattern, what", FORBIDDEN, ids=[w for _, w in FORBIDDEN])
def test_settings_tunables_are_not_written_as_literals_in_the_code(pattern, what):
    found = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = re.sub(r"\"[^\"]*\"|'[^']*'", "", line.split("#", 1)[0])  # not in comments or strings
            if re.search(pattern, code):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, f"{what} written in the code, not read from settings.toml:\n" + "\n".join(found)
