"""The annual report: multi-year PM2.5 and O3 trends and the city synergy ranking, as PDF and
as website pages.

    stats.annual + synergy ──▶ context / ranking ──▶ text (sentences) + charts ──▶ report (PDF)
                                                                               └─▶ site (mkdocs)

- ``report.build_report_context(store, year, base_year, emissions)``: everything it prints;
- ``report.AnnualBuild``: the PDF editions (zh, en, bilingual), used by ``reporter annual``;
- ``site.write_annual_pages(context, docs_dir)``: the website pages, charts and ranking CSV;
- ``content.load_annual_content(year, placeable(context))``: the staff's chapters, working
  groups and outside indicators (``chapters``, ``indicators``), validated, placed by name.

Nothing heavy is imported here: the command line loads these modules when it runs.
"""
