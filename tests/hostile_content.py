"""A record written to attack the site: every way staff Markdown, a caption or a picture could
try to run script. The demo site (test_site_build.build_demo_site) carries it in 2024-02, and
test_site_browser.py checks in Chromium that none of it runs."""

from __future__ import annotations

from pathlib import Path

# Each payload calls alert(): any dialog in the browser means script ran.
HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="120" height="60" viewBox="0 0 120 60" onload="alert('svg onload')">
  <script>alert('svg script')</script>
  <foreignObject width="100" height="50"><body xmlns="http://www.w3.org/1999/xhtml"
    onload="alert('foreignObject')"><iframe src="javascript:alert('iframe')"></iframe></body>
  </foreignObject>
  <a xlink:href="javascript:alert('svg link')"><rect width="60" height="30" fill="#2e7d5b"/></a>
  <rect x="60" width="60" height="30" fill="#88a" onmouseover="alert('svg hover')"/>
  <set attributeName="onmouseover" to="alert('svg set')"/>
  <image href="http://tracker.example/pixel.png" width="1" height="1"/>
  <text x="4" y="50" font-size="10">hostile picture</text>
</svg>
"""
HOSTILE_RECORD = """---
id: hostile-markdown
date: 2024-02-21
stage: other
theme: health
title:
  zh: "[标题链接](javascript:alert('title'))"
  en: "[Title link](javascript:alert('title'))"
images:
  - file: hostile.svg
    caption:
      zh: "[说明链接](JAVASCRIPT:alert('caption'))"
      en: "[Caption link](JAVASCRIPT:alert('caption'))"
---
::: zh
*自动聚焦*{: autofocus onfocus="alert('onfocus')" tabindex=1 }

![](data:image/png;base64,iVBORw0KGgo=){: onerror="alert('onerror')" }

[大小写](JaVaScRiPt:alert('case')) [制表符](java	script:alert('tab')) [引用][r]

[带标题](#top "javascript:alert('t')"){: onmouseover="alert('hover')" }

段落{: id=__config class="md-search" style="background:url(javascript:alert('css'))" }

[r]: javascript:alert('reference')

::: en
*Autofocus*{: autofocus onfocus="alert('onfocus')" tabindex=1 }

![](data:image/png;base64,iVBORw0KGgo=){: onerror="alert('onerror')" }

[case](JaVaScRiPt:alert('case')) [tab](java	script:alert('tab')) [reference][r]
[data](data:text/html,<script>alert('data')</script>) [other host](//evil.example/x)

[with title](#top "javascript:alert('t')"){: onmouseover="alert('hover')" }

Paragraph{: id=__config class="md-search" style="background:url(javascript:alert('css'))" }

[r]: javascript:alert('reference')
"""


def write_hostile(content: Path) -> None:
    """Add the hostile record and its picture to a copy of the content folder."""
    (content / "images" / "hostile.svg").write_text(HOSTILE_SVG, encoding="utf-8")
    (content / "records" / "2024-02" / "hostile-markdown.md").write_text(
        HOSTILE_RECORD, encoding="utf-8"
    )
