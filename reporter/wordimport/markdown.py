"""mammoth's HTML of a Word document as blocks of Markdown.

mammoth writes a small, regular HTML (p, h1–h6, strong, em, sub, sup, a, br, ul/ol/li, table,
img, and footnotes as a final list). This turns it into the Markdown of content records:
Python-Markdown with "extra" (tables, footnotes). The only raw HTML it writes is <sub>, <sup>
and <br>, the tags content allows; anything else is kept as plain text and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"img", "br", "hr"}
_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)])(?=\s|$)")
_ESCAPE = re.compile(r"([\\`*_\[\]|])")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find(tag))
        return found


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def escape(text: str) -> str:
    """Text that Markdown must print as it stands."""
    return _ESCAPE.sub(r"\\\1", text)


class MarkdownWriter:
    """Blocks and inline runs to Markdown; what it cannot map goes to `unmapped`."""

    def __init__(self, picture: callable) -> None:
        self.picture = picture  # called with each <img> node met inline
        self.unmapped: list[str] = []
        self.footnotes: dict[str, str] = {}  # mammoth's "footnote-1" -> Markdown label "1"

    def note(self, what: str) -> None:
        if what not in self.unmapped:
            self.unmapped.append(what)

    # -- inline ------------------------------------------------------------------------------
    def inline(self, node: Node) -> str:
        parts = []
        for child in node.children:
            parts.append(escape(child) if isinstance(child, str) else self._inline_node(child))
        return "".join(parts)

    def _wrap(self, mark: str, inner: str) -> str:
        """**x** with the spaces moved outside the marks (Markdown needs them inside-tight)."""
        stripped = inner.strip()
        if not stripped:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{mark}{stripped}{mark}{trail}"

    def _inline_node(self, node: Node) -> str:
        tag = node.tag
        refs = [a for a in node.find("a") if a.attrs.get("href", "").startswith("#footnote-")]
        refs += [a for a in node.find("a") if a.attrs.get("href", "").startswith("#endnote-")]
        if tag == "sup" and refs and re.fullmatch(r"[\s\[\]\d]*", node.text()):
            return "".join(self._footnote_ref(a) for a in refs)  # a note mark, not a superscript
        if tag in ("strong", "b"):
            return self._wrap("**", self.inline(node))
        if tag in ("em", "i"):
            return self._wrap("*", self.inline(node))
        if tag in ("sub", "sup"):
            inner = self.inline(node)
            return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        if tag == "br":
            return "<br>"
        if tag == "img":
            self.picture(node)
            return ""
        if tag == "a":
            href = node.attrs.get("href", "")
            if href.startswith(("#footnote-ref-", "#endnote-ref-")):
                return ""  # the note's link back to its mark: Markdown footnotes make their own
            if href.startswith(("#footnote-", "#endnote-")):
                return self._footnote_ref(node)
            text = self.inline(node)
            if re.match(r"(https?|mailto):", href):
                return f"[{text}]({href.replace(')', '%29')})"
            if href:
                self.note(f"link to {href!r} (kept as text)")
            return text
        if tag in ("s", "del"):
            self.note("strikethrough (kept as plain text)")
        elif tag not in ("span", "u", "p"):
            self.note(f"<{tag}> (kept as plain text)")
        return self.inline(node)

    def _footnote_ref(self, anchor: Node) -> str:
        target = anchor.attrs["href"][1:]
        label = self.footnotes.setdefault(target, str(len(self.footnotes) + 1))
        return f"[^{label}]"

    # -- blocks ------------------------------------------------------------------------------
    def paragraph(self, node: Node) -> str:
        text = " ".join(self.inline(node).split("\n")).strip()
        return _LINE_START.sub(r"\1\\\2", text)

    def listing(self, node: Node, depth: int = 0) -> str:
        lines = []
        for number, item in enumerate((c for c in node.children if isinstance(c, Node)), 1):
            if item.tag != "li":
                continue
            mark = f"{number}." if node.tag == "ol" else "-"
            head = Node("p", children=[c for c in item.children
                                       if isinstance(c, str) or c.tag not in ("ul", "ol", "p")])  # fmt: skip
            texts = [self.paragraph(head)] if head.text().strip() or head.find("img") else []
            texts += [
                self.paragraph(p) for p in item.children if isinstance(p, Node) and p.tag == "p"
            ]
            pad = "    " * depth
            lines.append(f"{pad}{mark} {'<br>'.join(t for t in texts if t)}")
            for sub in item.children:
                if isinstance(sub, Node) and sub.tag in ("ul", "ol"):
                    lines.append(self.listing(sub, depth + 1))
        return "\n".join(lines)

    def table(self, node: Node) -> str:
        rows = []
        for row in node.find("tr"):
            cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
            if any(c.attrs.get("colspan") or c.attrs.get("rowspan") for c in cells):
                self.note("merged table cells (written as separate cells)")
            if row.find("table"):
                self.note("a table inside a table (its cells written as text)")
            rows.append([self.cell(c) for c in cells])
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)

    def cell(self, node: Node) -> str:
        blocks = [c for c in node.children if isinstance(c, Node) and c.tag in ("p", "ul", "ol")]
        if not blocks:
            return self.paragraph(node)
        texts = []
        for block in blocks:
            if block.tag == "p":
                texts.append(self.paragraph(block))
            else:
                self.note("a list inside a table cell (written as lines)")
                texts += [self.paragraph(li) for li in block.find("li")]
        return "<br>".join(t for t in texts if t)

    def footnote_definitions(self, node: Node) -> list[str]:
        """mammoth's closing list of notes as `[^1]: text` lines (the ↑ back-link dropped)."""
        out = []
        for item in node.find("li"):
            label = self.footnotes.setdefault(item.attrs["id"], str(len(self.footnotes) + 1))
            text = " ".join(self.paragraph(p) for p in item.find("p")) or self.paragraph(item)
            out.append(f"[^{label}]: {text.strip()}")
        return out


def is_note_list(node: Node) -> bool:
    items = [c for c in node.children if isinstance(c, Node)]
    return bool(items) and all(
        c.tag == "li" and c.attrs.get("id", "").startswith(("footnote-", "endnote-")) for c in items
    )
