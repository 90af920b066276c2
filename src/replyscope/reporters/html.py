"""The self-contained HTML report: one file, images inlined, no network, safe to e-mail.

Rendering only: every number shown comes from the Analysis; Jinja2 escapes all reply
text (autoescape), and highlighting marks words inside already-escaped text.
"""

import base64
import re
from datetime import datetime, timezone

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .. import __version__


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


def _number(value, digits: int = 0) -> str:
    if value is None or value != value or str(value) == "<NA>":
        return "–"
    return f"{value:,.{digits}f}"


def _percent(value) -> str:
    if value is None or value != value or str(value) == "<NA>":
        return "–"
    return f"{100 * float(value):.1f}%"


def _date(value) -> str:
    if value is None or value != value or str(value) in ("NaT", "<NA>"):
        return "–"
    return value.strftime("%d %b %Y %H:%M UTC")


def data_uri(png: bytes) -> str:
    """A PNG as a data: URI, so the report needs no image files beside it."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def environment() -> Environment:
    env = Environment(loader=PackageLoader("replyscope", "reporters/templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(highlight=_highlight, number=_number, percent=_percent, date=_date)
    return env


def render_report(context: dict, generated_at: datetime | None = None) -> str:
    """Render report.html from a context of results (see output.report_context)."""
    generated_at = generated_at or datetime.now(timezone.utc)
    template = environment().get_template("report.html.j2")
    return template.render(version=__version__, generated_at=generated_at.strftime("%d %B %Y %H:%M UTC"), **context)
