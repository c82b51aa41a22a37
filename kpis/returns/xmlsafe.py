"""Parsing a return's XML with lxml, after refusing any DTD (where entity attacks live)."""

from __future__ import annotations

import io
from functools import lru_cache

from lxml import etree

from kpis.returns.problems import ReturnsRejected, refuse
from kpis.upload.archive import DeclaresDtd, reaches_root


def parse_xml(name: str, data: bytes) -> etree._Element:
    """The root element; raises ReturnsRejected for a DTD, entity declarations or broken XML."""
    try:
        # expat looks first, before libxml2 sees a byte of any DTD; it does not know every
        # encoding, so what it cannot read goes on to lxml, whose own view is checked after.
        reaches_root(io.BytesIO(data))
    except DeclaresDtd:
        raise _dtd(name) from None
    # Belt and braces: with no DTD there are no entities to expand, but none are resolved or
    # fetched anyway, and libxml2 keeps its limits on depth and text size (huge_tree off).
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = str(getattr(exc, "msg", exc)).split("\n", 1)[0]
        raise refuse(name, f"not a readable XML file: {message}") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise _dtd(name)
    return root


def _dtd(name: str) -> ReturnsRejected:
    return refuse(
        name,
        "declares a DTD (<!DOCTYPE>), which returns never need and which can hide an "
        "entity-expansion attack; the file was refused",
        kind="unsafe XML",
    )


# Cached: a return has a few dozen tags over hundreds of thousands of elements (bounded, as
# a hostile file could hold any number of names).
@lru_cache(maxsize=1024)
def local(tag: object) -> str:
    """An element's name without its namespace ('' for anything that is not an element)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text(element: etree._Element | None) -> str:
    """The element's own text, stripped ('' when absent)."""
    if element is None or element.text is None:
        return ""
    return element.text.strip()


def leaves(element: etree._Element) -> dict[str, str]:
    """The element's childless children by name: their text (the first of a repeated name)."""
    out: dict[str, str] = {}
    for sub in element:
        if len(sub):
            continue
        name = local(sub.tag)
        if name and name not in out:
            # As text(sub), inline: this runs for every leaf of a return.
            value = sub.text
            out[name] = value.strip() if value is not None else ""
    return out
