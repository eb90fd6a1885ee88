"""The API documentation pages (/docs: Swagger UI, /redoc: ReDoc), served with the assets
shipped in the fastapi-offline package: FastAPI's own pages load them from a public CDN,
which a government intranet cannot reach, and then render blank.

Every URL a page names is relative to the request's root path, so the pages also work
behind a gateway that mounts the service under a prefix."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, Response

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/docs-assets"
DOCS_URL = "/docs"
REDOC_URL = "/redoc"
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
#: The one outside address the ReDoc bundle asks for: the logo in its menu's footer.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
#: An empty image in its place (the footer keeps its link text).
NO_IMAGE = "data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27/%3E"


@cache
def redoc_bundle() -> bytes:
    """ReDoc's bundle with its logo's CDN address replaced by an empty inline image."""
    bundle = (ASSETS / "redoc.standalone.js").read_text(encoding="utf-8")
    if REDOC_LOGO not in bundle:
        raise RuntimeError("the ReDoc bundle no longer names its logo's address; check it")
    return bundle.replace(REDOC_LOGO, NO_IMAGE).encode("utf-8")


def install_api_docs(app: FastAPI) -> None:
    """Add /docs, its OAuth2 redirect, /redoc and their assets to an app created with
    docs_url=None and redoc_url=None."""

    @app.get(f"{ASSETS_URL}/redoc.js", include_in_schema=False)
    async def redoc_script() -> Response:
        return Response(redoc_bundle(), media_type="text/javascript")

    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} · 接口文档",
            oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT_URL}",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            init_oauth=app.swagger_ui_init_oauth,
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    @app.get(OAUTH2_REDIRECT_URL, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} · 接口文档",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )
