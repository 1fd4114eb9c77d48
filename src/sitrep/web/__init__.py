"""The analyst's web page: ``sitrep serve`` (see :mod:`sitrep.web.app`).

FastAPI and uvicorn are the ``web`` extra (``pip install 'sitrep[web]'``); they are imported only when the
server is made, so this package (and its vendored static files) can be used without them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "serve"]


def create_app(*args: Any, **kwargs: Any):
    """See :func:`sitrep.web.app.create_app`."""
    from .app import create_app as make

    return make(*args, **kwargs)


def serve(*args: Any, **kwargs: Any) -> None:
    """See :func:`sitrep.web.app.serve`."""
    from .app import serve as run

    run(*args, **kwargs)
