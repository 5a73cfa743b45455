"""Charts drawn many at once (reporter/charts/draw.py): worker processes give the same SVG as
drawing here, a failure names its chart, and the site's city charts drawn beforehand are the
ones its pages then use."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from reporter.charts import draw
from reporter.charts import site as charts
from reporter.errors import ReporterError
from reporter.settings import load_settings
from reporter.website import cities, inputs
from reporter.website.templating import words


def bar(i: int) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"x": f"c{j}", "y": (i * 7 + j * 3) % 11} for j in range(4)]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "x", "type": "nominal"},
            "y": {"field": "y", "type": "quantitative"},
        },
        "title": f"chart {i}",
    }


@pytest.fixture
def two_workers(monkeypatch):
    monkeypatch.setattr(draw, "cores", lambda: 2)
    monkeypatch.setattr(draw, "PER_WORKER", 2)


def test_workers_draw_what_this_process_draws(two_workers):
    specs = [bar(i) for i in range(6)]
    labels = [f"c{i}" for i in range(6)]
    drawn = dict(draw.draw_all(specs, labels))
    assert sorted(drawn) == labels
    for label, spec in zip(labels, specs, strict=True):
        assert drawn[label] == draw.to_svg(spec), label
    assert "chart 3" in drawn["c3"]


def test_a_chart_that_cannot_be_drawn_is_named(two_workers):
    specs = [bar(i) for i in range(6)]
    specs[4] = {"mark": "no-such-mark", "data": {"values": []}}
    with pytest.raises(ReporterError, match="chart c4: drawing failed"):
        list(draw.draw_all(specs, [f"c{i}" for i in range(6)]))


def test_city_charts_drawn_beforehand_are_the_ones_the_page_uses(tmp_path, monkeypatch):
    months = ["2024-01", "2024-02", "2024-04"]  # a gap: the line breaks
    series = [
        inputs.MonthValue(month, pm25, 1, None, 150, 2, None)
        for month, pm25 in zip(months, (40, 33, 12), strict=True)
    ]
    site = SimpleNamespace(series={"110000": series}, bands=load_settings(None).bands)
    city = SimpleNamespace(code="110000")
    cache = inputs.Cache(tmp_path)
    for lang in ("zh", "en"):
        specs = cities.city_chart_specs(site, city, lang)
        assert charts.prerender(specs, cache) == 1
        assert charts.prerender(specs, cache) == 0  # in the cache now

    def no_drawing(spec):
        raise AssertionError("drawn again")

    monkeypatch.setattr(draw, "to_svg", no_drawing)
    for lang in ("zh", "en"):
        t = words(lang)
        labels = {k: [getattr(b, f"label_{lang}") for b in site.bands[k]] for k in ("pm25", "o3")}
        info = cities.summary(series)
        chart = charts.city_series_chart(series, lang, t, labels, "t", "s", info, cache)
        assert chart.spec == cities.city_chart_specs(site, city, lang)[0]
        assert chart.pictures["wide"].width > 0
