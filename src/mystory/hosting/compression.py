"""Light pages on a learner's phone: text responses gzip-compressed, kernel messages deflated.

Many learners pay for data by the megabyte, and a module page is mostly JavaScript and CSS that
shrink about four times. Two ways in, one setting each: ``mystory serve`` runs standalone Voila
through :func:`main` (Voila makes its own tornado application, so compression must be set when
it is made), and hub servers load this module as a jupyter_server extension.
"""

from __future__ import annotations

from typing import Any

from tornado.web import Application, GZipContentEncoding

from .leanstart import skip_unused_imports

# tornado turns on the websocket's permessage-deflate when this is a dict (even an empty one).
# A kernel's first messages (the widgets' state) are about 240 kB of JSON.
WEBSOCKET_COMPRESSION: dict[str, Any] = {}


def compress(app: Application) -> None:
    """Gzip every text response of `app` (tornado's own transform) and its kernel websockets."""
    if GZipContentEncoding not in app.transforms:
        app.add_transform(GZipContentEncoding)
    if app.settings.get("websocket_compression_options") is None:
        app.settings["websocket_compression_options"] = dict(WEBSOCKET_COMPRESSION)


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "mystory.hosting.compression"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    compress(serverapp.web_app)


def main() -> None:
    """Voila's own command line (``python -m voila``), with compressed responses."""

    skip_unused_imports()
    from voila.app import Voila

    class CourseVoila(Voila):  # type: ignore[misc]
        def init_settings(self) -> dict[str, Any]:  # the settings Voila makes its app with
            settings = super().init_settings()
            settings["compress_response"] = True
            settings["websocket_compression_options"] = dict(WEBSOCKET_COMPRESSION)
            return settings

    CourseVoila.launch_instance()


if __name__ == "__main__":
    main()
