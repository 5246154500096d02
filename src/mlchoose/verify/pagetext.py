"""A fetched page's bytes as plain text, so that ``verify`` can look for a fact's quote.

HTML goes through one pass of a regular expression that cannot backtrack (linear in the page's
length, whatever the markup: an unclosed comment or ``<a<a<a...`` cost what an honest page
costs): scripts, styles, templates and comments are dropped, inline elements are joined without
a gap (``<b>Tui</b>tion`` is ``Tuition``), block elements are separated by a line break. PDFs
(many tuition tables are PDFs) go through pypdf, imported only when a PDF arrives, one at a
time and within limits of pages, inflated bytes and time. Text in an unknown or wrong encoding
is decoded by its declared charset, then UTF-8, then cp1252, then Latin-1, which never fails.
Control characters (terminal escape sequences included) are removed from the text: nothing a
page says can drive a terminal.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import io
import logging
import re
import threading
import time
from contextlib import AbstractContextManager
from typing import Final

#: Text kept per page: far beyond any catalog page, and a bound on hostile ones.
MAX_CHARS: Final = 5 * 1024 * 1024
#: PDF pages read: tuition tables sit near the front; a bound on hostile documents.
MAX_PDF_PAGES: Final = 50
#: Bytes any one stream of a PDF may inflate to (a page's text needs far less).
MAX_PDF_INFLATED: Final = 8 * 1024 * 1024
#: Seconds after which no further page of a PDF is read.
PDF_SECONDS: Final = 5.0

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


class TooSlow(Exception):
    """Reading a page's text took longer than its budget: the work was stopped, and the page
    counts as unreadable (a partial text could make a fact look changed)."""


def page_text(body: bytes, content_type: str = "", budget: float = PDF_SECONDS) -> str:
    """The plain text of a page, whatever its type; ``""`` when none can be read. The work is
    linear in the page's length and bounded by ``budget`` seconds (HTML: :class:`TooSlow` past
    it) or by pages, bytes and ``budget`` (PDF)."""
    mime, charset = _media_type(content_type)
    if mime == "application/pdf" or body[:5] == b"%PDF-":
        text = pdf_text(body, budget)
    elif mime in ("text/html", "application/xhtml+xml") or (not mime and _looks_html(body)):
        text = html_text(decode(body, charset or _meta_charset(body)), budget)
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


#: ``<meta charset=...>`` or its ``http-equiv`` form (the charset inside ``content``).
_META_CHARSET: Final = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]{1,40})""", re.IGNORECASE
)


def _meta_charset(body: bytes) -> str:
    """The charset an HTML page declares in its first bytes (the tag is ASCII)."""
    found = _META_CHARSET.search(body[:4096])
    return found.group(1).decode("ascii").lower() if found else ""


#: One token of markup, found in a single left-to-right pass with no backtracking (possessive
#: repeats), so the work is linear in the page's length whatever it holds: a construct left
#: open (a comment, a quoted attribute, a script, a tag) runs to the end of the page, as it does
#: in a browser, instead of being looked for again from every later ``<``.
_MARKUP: Final = re.compile(
    r"""
      <!--.*?(?:--!?>|\Z)                                   # a comment
    | <(?P<skip>script|style|template)(?=[\s/>]|\Z)          # an element no reader sees,
      (?:[^>=]++|=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))*+(?:>|\Z)
      .*?(?:</(?P=skip)(?=[\s/>])[^>]*+>?|\Z)                 # content and all
    | <(?P<end>/?)(?P<name>[a-z][^\s/>]*+)                   # a start or end tag, attributes
      (?:[^>=]++|=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))*+(?:>|\Z)  # quoted or not
    | <[!?/][^>]*+(?:>|\Z)                                   # a doctype, CDATA, a bogus comment
    """,
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)


def _token(found: re.Match[str]) -> str:
    name = found.group("name")
    return "\n" if name is not None and name.lower() in _BLOCK else ""


#: Tokens (or characters of entities) between two looks at the clock.
_CHECK_EVERY: Final = 4096
_ENTITY_CHUNK: Final = 65_536


def html_text(markup: str, budget: float | None = None) -> str:
    """The visible text of an HTML document: inline elements joined without a gap, block
    elements apart, scripts, styles, templates and comments dropped, entities decoded. One
    linear pass of a regular expression, not a parser: hostile markup cannot make it slow; and
    with ``budget`` the pass stops there (:class:`TooSlow`) instead of running on."""
    text = markup[: MAX_CHARS * 2]
    started = time.monotonic()

    def in_time() -> None:
        if budget is not None and time.monotonic() - started > budget:
            raise TooSlow(f"reading the page took longer than {budget:g} s")

    parts: list[str] = []
    last = 0
    for count, found in enumerate(_MARKUP.finditer(text), start=1):
        parts += (text[last : found.start()], _token(found))
        last = found.end()
        if count % _CHECK_EVERY == 0:
            in_time()
    parts.append(text[last:])
    plain = "".join(parts)
    if "&" not in plain:
        return plain
    # Entities decoded a chunk at a time, so a page of millions of them is stopped in time too
    # (a chunk ends at a break so that no entity is cut).
    decoded: list[str] = []
    start = 0
    while start < len(plain):
        end = min(len(plain), start + _ENTITY_CHUNK)
        if end < len(plain):
            cut = max(plain.rfind(" ", start, end), plain.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        decoded.append(html.unescape(plain[start:end]))
        start = end
        in_time()
    return "".join(decoded)


def pdf_text(body: bytes, budget: float = PDF_SECONDS) -> str:
    """The text of a PDF's first pages; ``""`` for a damaged or truncated document.

    Bounded whatever the file holds: one PDF at a time per process (eight arriving together
    cost the memory of one), at most :data:`MAX_PDF_PAGES` pages, no stream inflated past
    :data:`MAX_PDF_INFLATED` bytes however often pages share it, and no page started after
    ``budget`` seconds. A page pypdf cannot read is skipped, not the whole document.
    """
    with _ONE_PDF, _pdf_limits():
        started = time.monotonic()
        parts: list[str] = []
        size = 0
        try:
            from pypdf import PdfReader

            # pypdf warns about every quirk of a damaged file; without this, Python's
            # last-resort handler would print those warnings over the progress bar.
            logging.getLogger("pypdf").setLevel(logging.ERROR)
            reader = PdfReader(io.BytesIO(body), strict=False)
            pages = reader.pages
            for number in range(min(len(pages), MAX_PDF_PAGES)):
                if size >= MAX_CHARS or time.monotonic() - started > budget:
                    break
                try:
                    text = pages[number].extract_text() or ""
                except Exception:  # pypdf raises many kinds of error on damaged pages
                    continue
                parts.append(text)
                size += len(text)
        except Exception:  # ... and on damaged files
            return ""
    return "\n".join(parts)


#: Every limit pypdf (7 and later) applies while reading, lowered to what a fee table needs.
_PDF_LIMITS: Final = {
    "maximum_declared_stream_length": MAX_PDF_INFLATED,
    "array_based_stream_maximum_output_length": MAX_PDF_INFLATED,
    "jbig2_maximum_output_length": MAX_PDF_INFLATED,
    "lzw_maximum_output_length": MAX_PDF_INFLATED,
    "run_length_maximum_output_length": MAX_PDF_INFLATED,
    "zlib_maximum_output_length": MAX_PDF_INFLATED,
    "brotli_maximum_output_length": MAX_PDF_INFLATED,
    "image_maximum_buffer_size": MAX_PDF_INFLATED,
    "flate_maximum_buffer_size": MAX_PDF_INFLATED,
    "stream_decoding_work_maximum_length": 4 * MAX_PDF_INFLATED,
    "xfa_decoding_work_maximum_length": 4 * MAX_PDF_INFLATED,
    "stream_parsing_work_maximum_count": 500_000,
    "page_tree_maximum_entries": 10_000,
    "page_tree_maximum_page_entries": 100_000,
    "xform_maximum_invocations_per_extraction": 500,
}
#: The same for pypdf 6, whose limits are module constants.
_LEGACY_LIMITS: Final = {
    "MAX_DECLARED_STREAM_LENGTH": MAX_PDF_INFLATED,
    "MAX_ARRAY_BASED_STREAM_OUTPUT_LENGTH": MAX_PDF_INFLATED,
    "JBIG2_MAX_OUTPUT_LENGTH": MAX_PDF_INFLATED,
    "LZW_MAX_OUTPUT_LENGTH": MAX_PDF_INFLATED,
    "RUN_LENGTH_MAX_OUTPUT_LENGTH": MAX_PDF_INFLATED,
    "ZLIB_MAX_OUTPUT_LENGTH": MAX_PDF_INFLATED,
    "FLATE_MAX_BUFFER_SIZE": MAX_PDF_INFLATED,
}
_ONE_PDF: Final = threading.Lock()


def _pdf_limits() -> AbstractContextManager[object]:
    """pypdf's limits lowered for this thread while a PDF is read."""
    import dataclasses

    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)
    config = getattr(pypdf, "Configuration", None)
    if apply is None or config is None:
        from pypdf import filters

        for name, limit in _LEGACY_LIMITS.items():
            if isinstance(getattr(filters, name, None), int):
                setattr(filters, name, min(limit, getattr(filters, name)))
        return contextlib.nullcontext()
    known = {field.name for field in dataclasses.fields(config)}
    limits: AbstractContextManager[object] = apply(
        **{name: limit for name, limit in _PDF_LIMITS.items() if name in known}
    )
    return limits
