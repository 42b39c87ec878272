"""Building the app and serving it on the loopback interface.

    app = create_app("/path/to/folder", token="...", port=8765)   # an ASGI app (tests)
    serve("/path/to/folder", port=0, open_browser=True)           # `xlkpi app`

The server binds 127.0.0.1 only, on a free port unless one is given; every address
carries this run's random token (guard.Guard refuses the rest).
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from .guard import Guard, TooLarge
from .pages import book_panels, home_panels, routes
from .pages.common import AppState, message_page, refusal
from .texts import t
from .workfolder import WorkFolder

HOST = "127.0.0.1"
#: The largest request (all files of one upload together).
MAX_UPLOAD = 64 * 1024 * 1024


def new_token() -> str:
    """A random token for one run (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def create_app(
    folder: str | os.PathLike[str],
    *,
    token: str,
    port: int,
    max_upload: int = MAX_UPLOAD,
) -> Guard:
    """The app for `folder`, guarded for `token` and requests to `port` on loopback.

    Args:
        folder: the working folder (its workbooks are listed, read and written).
        token: the run's token; every address starts with /<token>/.
        port: the port the server listens on (Host and Origin must name it).
        max_upload: the largest request body, in bytes.
    """
    st = AppState(WorkFolder(folder), token, max_upload, home_panels(), book_panels())

    async def not_found(request: Request, exc: Exception) -> Response:
        from .pages.common import lang_of

        return message_page(request, 404, t("not_found", lang_of(request), name=request.url.path))

    async def server_error(request: Request, exc: Exception) -> Response:
        from .pages.common import lang_of

        error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        return message_page(request, 500, t("internal", lang_of(request), error=error))

    async def too_large(request: Request, exc: Exception) -> Response:
        return refusal(request.scope, 413, "too_large", limit=max_upload // 2**20)

    app = Starlette(
        routes=[Mount(f"/{token}", routes=routes())],
        exception_handlers={
            TooLarge: too_large,
            404: not_found,
            405: not_found,
            500: server_error,
        },
    )
    app.state.xlkpi = st
    return Guard(app, token=token, port=port, max_body=max_upload, refuse=refusal)


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1:`port` (0: a free port the system picks).

    Raises:
        OSError: the port is in use or not allowed.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    folder: str | os.PathLike[str],
    sock: socket.socket,
    *,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
    max_upload: int = MAX_UPLOAD,
) -> None:
    """Serve the app for `folder` on `sock` until interrupted (Ctrl+C).

    Args:
        folder: the working folder.
        sock: a socket from `bind`.
        open_browser: open the app's address in the default browser once it listens.
        announce: called once with the address (printed by `xlkpi app`).
        max_upload: the largest request body, in bytes.
    """
    import uvicorn

    port = sock.getsockname()[1]
    token = new_token()
    url = f"http://{HOST}:{port}/{token}/"
    app = create_app(folder, token=token, port=port, max_upload=max_upload)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off", server_header=False
    )
    server = uvicorn.Server(config)

    def when_started() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            announce(url)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=when_started, daemon=True).start()
    server.run(sockets=[sock])
