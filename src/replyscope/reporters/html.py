"""The self-contained HTML report: one file, images inlined, no network, safe to e-mail.

Rendering only: every number shown comes from the Analysis; Jinja2 escapes all reply
text (autoescape), and highlighting marks words inside already-escaped text.
"""

import base64
import hashlib
import re
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import pandas as pd
import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .. import __version__
from ..cache import cache_folder
from .explore import explore_link


# Characters HTML forbids (NUL and the other C0 controls but tab and line breaks, DEL), which a
# reply can carry from its export: shown as U+FFFD, never written raw into the page.
_CONTROL_CHARACTER_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _highlight(text, words) -> Markup:
    """Escape `text`, then wrap each matched word or phrase in <mark>."""
    escaped = str(escape(text or ""))
    for phrase in sorted(set(words or []), key=len, reverse=True):
        parts = [re.escape(str(escape(p))) for p in str(phrase).split()]
        if not parts:
            continue
        pattern = r"(?<![\w>])(" + r"[\W_]{1,3}".join(parts) + r")(?![\w<])"
        escaped = re.sub(pattern, r"<mark>\1</mark>", escaped, flags=re.IGNORECASE)
    return Markup(escaped)


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _number(value, digits: int = 0) -> str:
    return "–" if _missing(value) else f"{value:,.{digits}f}"


def _percent(value) -> str:
    return "–" if _missing(value) else f"{100 * float(value):.1f}%"


def _date(value, pattern: str = "%d %b %Y %H:%M UTC") -> Markup | str:
    """A date for people, wrapped in <time datetime> so tables sort it as a date, not as text."""
    if _missing(value):
        return "–"
    machine = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return Markup(f'<time datetime="{escape(machine)}">{escape(value.strftime(pattern))}</time>')


# Links longer than this are shown shortened, the full address in the tooltip.
SHORT_URL_LENGTH = 60


def _short_url(url) -> str:
    """'https://example.org/a/very/long/path?with=query' as 'example.org/a/very/…' when it is long."""
    text = re.sub(r"^https?://(www\.)?", "", str(url or ""))
    return text if len(text) <= SHORT_URL_LENGTH else text[:SHORT_URL_LENGTH - 1] + "…"


def _web_link(url) -> str | None:
    """The URL if it is an http(s) link, else None: a javascript: 'link' from a sheet must not be clickable."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def data_uri(png: bytes) -> str:
    """A PNG as a data: URI, so the report needs no image files beside it."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# How the templates are read; the compiled templates kept between runs are kept apart by these too.
TEMPLATE_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True}


class CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates kept in the cache folder (replyscope.cache) between runs: compiling the report's
    templates costs a fifth of a second of every run. Jinja recompiles a template whose source changed
    (it keeps each one's checksum); a folder that cannot be read or written only means compiling again."""

    def __init__(self):
        options = f"{jinja2.__version__} {sorted(TEMPLATE_OPTIONS.items())} autoescape html j2"
        super().__init__(str(cache_folder() / f"templates-{hashlib.sha1(options.encode()).hexdigest()[:12]}"))

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one template environment: templates are compiled once a process (or read compiled), not once a report."""
    env = Environment(loader=PackageLoader("replyscope", "reporters/templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      bytecode_cache=CompiledTemplates(), **TEMPLATE_OPTIONS)
    env.filters.update(highlight=_highlight, number=_number, percent=_percent, date=_date, web_link=_web_link,
                       short_url=_short_url)
    env.globals.update(explore_link=explore_link)
    return env


def compile_templates(page: str = "report.html.j2") -> None:
    """Compile a page's templates now (a fifth of a second), e.g. while waiting for a side process: the page and
    the parts pages share, not the other pages (compare, hashtag and theme reports), compiled when one is rendered."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        if name == page or not name.endswith("report.html.j2"):
            env.get_template(name)


def render_report(context: dict, generated_at: datetime | None = None, template_name: str = "report.html.j2") -> str:
    """Render a report page from a context of results (see output.report_context)."""
    generated_at = generated_at or datetime.now(timezone.utc)
    template = environment().get_template(template_name)
    page = template.render(version=__version__, generated_at=generated_at.strftime("%d %B %Y %H:%M UTC"), **context)
    return _CONTROL_CHARACTER_RE.sub("\ufffd", page)
