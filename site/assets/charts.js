// Draws every chart of the page with the site's own copy of Vega: no request leaves the site.
// Each <div class="vega-chart" data-spec="…"> names a Vega-Lite spec, which names its CSV
// relative to itself. Without scripts, the caption and the CSV link below a chart still hold
// what it shows.
async function draw(element) {
  const specUrl = new URL(element.dataset.spec, document.baseURI);
  try {
    const response = await fetch(specUrl);
    if (!response.ok) {
      throw new Error(`${response.status} ${specUrl}`);
    }
    const spec = await response.json();
    await window.vegaEmbed(element, spec, {
      actions: false,
      renderer: "svg",
      mode: "vega-lite",
      loader: { baseURL: new URL(".", specUrl).href },
    });
    element.classList.add("vega-chart--drawn");
  } catch (error) {
    element.classList.add("vega-chart--failed");
    console.error("chart not drawn:", error);
  }
}

await Promise.all(Array.from(document.querySelectorAll("div.vega-chart[data-spec]"), draw));
