"""Safe content: staff Markdown and template values cannot inject markup or scripts."""

from __future__ import annotations

from reporter.render.templating import make_environment, render_markdown


def test_script_in_markdown_shows_as_text():
    html = str(render_markdown("<script>alert(1)</script> and <img src=x onerror=alert(1)>"))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_sub_and_sup_still_work():
    assert str(render_markdown("PM<sub>2.5</sub> µg/m<SUP>3</SUP>", inline=True)) == (
        "PM<sub>2.5</sub> µg/m<sup>3</sup>"
    )


def test_attributes_on_allowed_tags_are_not_allowed():
    html = str(render_markdown('<sub onclick="alert(1)">x</sub>'))
    assert "<sub onclick" not in html
    assert "&lt;sub onclick=" in html


def test_templates_autoescape_values():
    env = make_environment()
    assert env.from_string("{{ title }}").render(title="<script>alert(1)</script>") == (
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    )
