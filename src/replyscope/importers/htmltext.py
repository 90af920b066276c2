"""Post bodies that arrive as HTML (Mastodon `content`, YouTube `textDisplay`) turned into plain text.

Line breaks survive (<br> is one, a paragraph end is two), links keep the text a
reader sees, and every link's address is collected so importers can list the
links a post cites. Built on the standard library's tolerant HTML parser.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

_PARAGRAPH_TAGS = {"p", "div", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_LINE_END_SPACES_RE = re.compile(r"[ \t]+\n")


@dataclass(frozen=True)
class Link:
    """One <a> element: where it points, what it says, and its CSS classes (Mastodon marks mentions and tags)."""

    href: str
    text: str
    classes: frozenset[str]


@dataclass(frozen=True)
class HtmlText:
    """A post body as plain text, with the links it held."""

    text: str
    links: tuple[Link, ...] = ()


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[Link] = []
        self._open_links: list[tuple[str, frozenset[str], int]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in _PARAGRAPH_TAGS:
            self._break_paragraph()
        elif tag == "a":
            attributes = dict(attrs)
            classes = frozenset((attributes.get("class") or "").split())
            self._open_links.append((attributes.get("href") or "", classes, len(self.parts)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _PARAGRAPH_TAGS:
            self._break_paragraph()
        elif tag == "a" and self._open_links:
            href, classes, first_part = self._open_links.pop()
            self.links.append(Link(href=href, text="".join(self.parts[first_part:]).strip(), classes=classes))

    def handle_data(self, data):
        self.parts.append(data)

    def _break_paragraph(self):
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self.parts.append("\n\n")


@lru_cache(maxsize=4096)  # an account's profile note repeats on every status it wrote
def html_to_text(html: str) -> HtmlText:
    """Return the text a reader sees in `html` and the links in it, in order."""
    if "<" not in html and "&" not in html:
        return HtmlText(text=html.strip())
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = _LINE_END_SPACES_RE.sub("\n", "".join(collector.parts))
    return HtmlText(text=_BLANK_LINES_RE.sub("\n\n", text).strip(), links=tuple(collector.links))
