"""A fetched page's bytes as plain text, so that ``verify`` can look for a fact's quote.

HTML goes through a real parser (the standard library's): scripts and styles are dropped,
inline elements are joined without a gap (``<b>Tui</b>tion`` is ``Tuition``), block elements
are separated by a line break. PDFs (many tuition tables are PDFs) go through pypdf, imported
only when a PDF arrives. Text in an unknown or wrong encoding is decoded by its declared
charset, then UTF-8, then cp1252, then Latin-1, which never fails. Control characters (terminal
escape sequences included) are removed from the text: nothing a page says can drive a terminal.
"""

from __future__ import annotations

import codecs
import io
import logging
from html.parser import HTMLParser
from typing import Final

#: Text kept per page: far beyond any catalog page, and a bound on hostile ones.
MAX_CHARS: Final = 5 * 1024 * 1024
#: PDF pages read: tuition tables sit near the front; a bound on hostile documents.
MAX_PDF_PAGES: Final = 200

#: Elements whose content no reader sees (html.parser always closes script and style).
_SKIP: Final = frozenset({"script", "style", "template"})
_BLOCK: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROLS: Final = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)], " "
)


def page_text(body: bytes, content_type: str = "") -> str:
    """The plain text of a page, whatever its type; ``""`` when none can be read."""
    mime, charset = _media_type(content_type)
    if mime == "application/pdf" or body[:5] == b"%PDF-":
        text = pdf_text(body)
    elif mime in ("text/html", "application/xhtml+xml") or (not mime and _looks_html(body)):
        text = html_text(decode(body, charset or _meta_charset(body)))
    else:
        text = decode(body, charset)
    return safe_text(text)


def safe_text(text: str) -> str:
    """Text without control characters (ESC, CSI, OSC, BEL, ...) and within the size bound."""
    return text[:MAX_CHARS].translate(_CONTROLS)


def _media_type(content_type: str) -> tuple[str, str]:
    """``text/html; charset=ISO-8859-1`` -> (``text/html``, ``iso-8859-1``)."""
    mime, _, params = content_type.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return mime.strip().lower(), charset


def _looks_html(body: bytes) -> bool:
    start = body[:1024].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<body" in start


def decode(body: bytes, charset: str = "") -> str:
    """Bytes as text: a byte-order mark, the declared charset, UTF-8, cp1252, then Latin-1."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    for name in [charset, "utf-8", "cp1252"] if charset else ["utf-8", "cp1252"]:
        try:
            return body.decode(name)
        except (UnicodeDecodeError, LookupError):  # LookupError: an unknown or non-text codec
            continue
    return body.decode("latin-1")


class _MetaCharset(HTMLParser):
    """Finds ``<meta charset>`` or its ``http-equiv`` form in a page's first bytes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charset = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset:
            return
        values = {key: value or "" for key, value in attrs}
        if values.get("charset"):
            self.charset = values["charset"].strip().lower()
        elif values.get("http-equiv", "").lower() == "content-type":
            self.charset = _media_type(values.get("content", ""))[1]


def _meta_charset(body: bytes) -> str:
    """The charset an HTML page declares; Latin-1 reads any bytes, and the tag is ASCII."""
    finder = _MetaCharset()
    try:
        finder.feed(body[:4096].decode("latin-1"))
    except Exception:  # a parser error on hostile markup only loses the declaration
        return ""
    return finder.charset


class _TextParser(HTMLParser):
    """Collects the text a reader sees, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping.append(tag)
        if tag in _BLOCK:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipping:
            while self._skipping and self._skipping.pop() != tag:
                pass
        if tag in _BLOCK:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._add(data)

    def _add(self, text: str) -> None:
        if self.size < MAX_CHARS:
            self.parts.append(text)
            self.size += len(text)


def html_text(markup: str) -> str:
    """The visible text of an HTML document."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; keep what was read before any surprise
        logging.getLogger(__name__).debug("HTML parser stopped early", exc_info=True)
    return "".join(parser.parts)


def pdf_text(body: bytes) -> str:
    """The text of a PDF's first pages; ``""`` for a damaged or truncated document."""
    try:
        from pypdf import PdfReader

        # pypdf warns about every quirk of a damaged file; without this, Python's last-resort
        # handler would print those warnings over the progress bar.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(body), strict=False)
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= MAX_CHARS:
                break
    except Exception:  # pypdf raises many kinds of error on damaged files
        return ""
    return "\n".join(parts)
