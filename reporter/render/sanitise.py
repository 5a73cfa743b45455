"""Staff content carries no code: the HTML made from Markdown and the SVG pictures, cleaned.

HTML goes through nh3 (the ammonia sanitiser) on an allow-list of elements and attributes.
Markdown's attribute lists (`{: onclick=… }`) can add any attribute; only the ones listed here
survive. Links may be http(s), mailto, a fragment or a relative path; anything else
(`javascript:`, `data:`, `//host/…`) loses its address. Pictures inside texts are not kept:
a record's pictures are listed under `images:` and checked there.

SVG pictures are parsed without DTDs or entities and rebuilt from an allow-list of drawing
elements and presentation attributes: no script, no event handler, no foreignObject, no
reference to anything outside the picture itself.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

TAGS = {
    "p", "br", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark",
    "abbr", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "hr", "a", "div",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
}
# What the footnotes extension writes; nothing else may set an id or a class (no DOM clobbering).
_IDS = re.compile(r"fn(?:ref)?:\d+(?::\d+)?")
_CLASSES = {"footnote", "footnote-ref", "footnote-backref"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = ("http", "https", "mailto")
# Characters browsers drop inside a URL before reading its scheme (java\tscript:).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def safe_link(url: str) -> bool:
    """http(s), mailto, a fragment or a relative path; never a script, data or other-host URL."""
    text = _URL_NOISE.sub("", url)
    if text.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    scheme = _SCHEME.match(text)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href":
        return value if safe_link(value) else None
    if name == "id":
        return value if _IDS.fullmatch(value) else None
    if name == "class":
        kept = [c for c in value.split() if c in _CLASSES]
        return " ".join(kept) or None
    return value


def clean_html(html: str) -> str:
    """Staff HTML on the allow-list: no handler, no script, no unsafe link survives."""
    import nh3

    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=set(SAFE_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# -- SVG -----------------------------------------------------------------------------------------
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_TAGS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "defs", "linearGradient", "radialGradient", "stop", "title", "desc", "clipPath",
    "mask", "pattern", "symbol", "use", "marker",
}  # fmt: skip
SVG_ATTRIBUTES = {
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d", "points",
    "width", "height", "viewBox", "preserveAspectRatio", "transform", "fill", "fill-opacity",
    "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "letter-spacing", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy", "clip-path", "clip-rule",
    "clipPathUnits", "mask", "maskUnits", "patternUnits", "patternTransform", "markerWidth",
    "markerHeight", "refX", "refY", "orient", "marker-start", "marker-mid", "marker-end",
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "version", "visibility", "display",
    "color", "href",
}  # fmt: skip
# A paint or reference may only point inside the picture: url(#id) or #id.
_URL_REFERENCE = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)


class SvgError(ValueError):
    """An SVG picture that cannot be read safely (not XML, DTD, entities)."""


def _local_name(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _clean_value(name: str, value: str) -> str | None:
    if name == "href":
        return value if value.strip().startswith("#") else None
    for match in _URL_REFERENCE.finditer(value):
        if not match.group(2).strip().startswith("#"):
            return None
    return value


def _copy(element: Any, parent: Any | None) -> Any | None:
    namespace, tag = _local_name(element.tag)
    if namespace not in ("", SVG_NS) or tag not in SVG_TAGS:
        return None
    attributes = {}
    for key, value in element.attrib.items():
        attr_ns, attr = _local_name(key)
        if attr_ns not in ("", XLINK_NS) or attr not in SVG_ATTRIBUTES:
            continue
        if attr_ns == XLINK_NS and attr != "href":
            continue
        kept = _clean_value(attr, value)
        if kept is not None:
            attributes[attr] = kept
    if parent is None:
        copy = ElementTree.Element(f"{{{SVG_NS}}}{tag}", attributes)
    else:
        copy = ElementTree.SubElement(parent, f"{{{SVG_NS}}}{tag}", attributes)
    copy.text = element.text if tag in ("text", "tspan", "title", "desc") else None
    for child in element:
        kept = _copy(child, copy)
        if kept is not None and tag in ("text", "tspan"):
            kept.tail = child.tail
    return copy


def clean_svg(data: bytes) -> bytes:
    """The picture rebuilt from drawing elements only; SvgError if it is not plain SVG XML."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SvgError("an SVG with a DTD or entities is not accepted") from exc
    except ElementTree.ParseError as exc:
        raise SvgError(f"not a readable SVG picture ({exc})") from exc
    if _local_name(root.tag)[1] != "svg":
        raise SvgError("not an SVG picture (the root element is not <svg>)")
    clean = _copy(root, None)
    ElementTree.register_namespace("", SVG_NS)
    return ElementTree.tostring(clean, encoding="utf-8", xml_declaration=True)
