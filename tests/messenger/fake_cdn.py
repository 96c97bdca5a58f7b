"""A fake of Meta's CDN for tests: serves the photos customers attach at signed URLs, as
`scontent.xx.fbcdn.net` does, without a socket.

    cdn = FakeCdn()
    cdn.photos["meter"] = jpeg_bytes
    async with httpx.AsyncClient(mounts={CDN_URL: cdn.transport()}) as http:
        ...  # GET cdn.url("meter") answers jpeg_bytes
"""

from __future__ import annotations

from pathlib import PurePosixPath

import httpx

CDN_URL = "https://fake-cdn.test"
SIGNATURE = "oh=00_fake-signature&oe=6800A1B2"
"""The query string of every photo URL: like Meta's, a signature that must never reach a log."""


class FakeCdn:
    """Serves `photos[key]` at `url(key)`: 404 for an unknown key, 403 for a URL whose signature
    was lost."""

    def __init__(self, photos: dict[str, bytes] | None = None) -> None:
        self.photos = photos if photos is not None else {}

    @staticmethod
    def url(key: str) -> str:
        """Where the photo `key` is served."""
        return f"{CDN_URL}/v/t1.15752-9/{key}.jpg?{SIGNATURE}"

    def transport(self) -> httpx.MockTransport:
        """A transport that reaches this CDN without a socket (mount it on `CDN_URL`)."""
        return httpx.MockTransport(self._serve)

    def _serve(self, request: httpx.Request) -> httpx.Response:
        if request.url.query.decode() != SIGNATURE:
            return httpx.Response(403)
        image = self.photos.get(PurePosixPath(request.url.path).stem)
        if request.method != "GET" or image is None:
            return httpx.Response(404)
        return httpx.Response(200, content=image, headers={"content-type": "image/jpeg"})
