"""`GET /privacy` (the policy, in Ukrainian) and `GET /deletion?id=` (a deletion request's status)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from privacy.requests import find_request
from settings import Settings
from web.templates import Pages


class PrivacyPages:
    """The pages that say what is kept and how it is deleted."""

    def __init__(self, settings: Settings) -> None:
        self._retention_days = settings.retention_days
        self._timezone = settings.conversation.timezone
        self._pages = Pages(Path(__file__).resolve().parent / "templates")

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/privacy", self.policy, methods=["GET"]),
            Route("/deletion", self.status, methods=["GET"]),
        ]

    async def policy(self, request: Request) -> Response:
        """The privacy policy."""
        return self._pages.render(request, "privacy.html", {"days": self._retention_days})

    async def status(self, request: Request) -> Response:
        """The status of one deletion request; 404 for an unknown code."""
        found = await find_request(request.query_params.get("id", ""))
        if found is None:
            return self._pages.render(request, "deletion.html", {"deletion": None}, status_code=404)
        context = {"deletion": found, "received": found.received_at.astimezone(self._timezone)}
        return self._pages.render(request, "deletion.html", context)
