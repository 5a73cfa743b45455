"""Rendering: the shared Jinja environment and catalogues (templating), the pinned font and the
glyph check (fonts), HTML to PDF (pdf), and the base both PDF documents are built on (document)."""
