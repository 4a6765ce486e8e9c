"""What every warta HTML page shares: Jinja2 templates with autoescape, package assets, safe JSON, CSP.

Templates, CSS and JS are package files (pipeline/<package>/templates/); a page inlines its own
CSS and script so it opens from disk with no network, and its CSP lets only that script run.
"""
from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup


@lru_cache(maxsize=None)
def environment(package: str) -> jinja2.Environment:
    """Return the Jinja2 environment of one package's templates folder (autoescape always on)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,  # every value from an article or record is text, never markup
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)


@lru_cache(maxsize=None)
def asset(package: str, name: str) -> str:
    """Return the text of one package asset (templates/<name>: a CSS or JS file)."""
    return resources.files(package).joinpath("templates", name).read_text(encoding="utf-8")


def safe_json(obj: Any) -> Markup:
    """Return JSON that cannot end or comment out the <script> element it is embedded in."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    # "<", ">" and "&" as escapes covers "</script" and "<!--"; U+2028/9 break old JS parsers.
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)  # noqa: S704 - escaped above for a script element, not for HTML text


def csp(script: str, *, connect_self: bool = False) -> str:
    """Return a Content-Security-Policy that lets only this inline script (by hash) run."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    connect = "'self'" if connect_self else "'none'"
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            f"connect-src {connect}; img-src 'none'; base-uri 'none'; form-action 'none'")


def render_page(package: str, template: str, *, css: str, js: str, connect_self: bool = False,
                **context: Any) -> str:
    """Render one page template with its inline CSS, script and CSP (assets are package files)."""
    style, script = asset(package, css), asset(package, js)
    return environment(package).get_template(template).render(
        css=Markup(style), js=Markup(script),  # noqa: S704 - our own package files, trusted
        csp=csp(script, connect_self=connect_self), **context)


def is_web_url(url: Any) -> bool:
    """True for an http(s) URL: the only kind a page turns into a link (never javascript: etc.)."""
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")) \
        and url.strip() == url and not any(c in url for c in "\r\n\t\"'<> ")
