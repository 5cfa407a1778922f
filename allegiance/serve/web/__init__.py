"""The web pages: server-side templates over the same query functions as the CLI and API.

    app.include_router(web_router())      # done by allegiance.serve.api.create_app

`routes.py` lists the pages and their URLs; `render.py` the templates, static files and the
Content-Security-Policy; `views.py` what the pages draw (timelines, lineage, the article);
`events.py` the events table, map clusters and ACLED CSV; `mapview.py` the map's projection
and outlines (`data/region.json`, built by `build_map.py` at development time).
Everything a page loads comes from this package: no CDN, no font or tile server.
"""

from allegiance.serve.web.routes import web_router

__all__ = ["web_router"]
