"""HTML pages: a package's Jinja2 templates over the shared layout, and the stylesheet.

Every page extends `base.html` (in `web/templates`), which links the one stylesheet,
`/static/site.css`, served by the bot itself: a page loads nothing from other hosts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

_HERE = Path(__file__).resolve().parent
LAYOUT = _HERE / "templates"
STATIC = _HERE / "static"


class Pages:
    """Renders the templates in `directory`, which may extend the shared `base.html`."""

    def __init__(self, directory: Path) -> None:
        loader = jinja2.FileSystemLoader([directory, LAYOUT])
        environment = jinja2.Environment(
            loader=loader, autoescape=jinja2.select_autoescape(), trim_blocks=True, lstrip_blocks=True
        )
        self._templates = Jinja2Templates(env=environment)

    def render(
        self, request: Request, name: str, context: Mapping[str, Any], *, status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """The page `name`; never cached, since a page may hold a token or what a customer typed."""
        return self._templates.TemplateResponse(
            request, name, dict(context), status_code=status_code,
            headers={"Cache-Control": "no-store", **(headers or {})},
        )


def static_routes() -> list[BaseRoute]:
    """`/static/...`: the stylesheet (and any other file in `web/static`)."""
    return [Mount("/static", app=StaticFiles(directory=STATIC), name="static")]
