"""Voila's preheated kernels: a module page is built before a learner asks for it, then waits for
them (``wait_for_learner``) and reads their answers as they are when they arrive."""

from __future__ import annotations

import os

from .. import coach
from ..core import content
from ..core.branding import organisation


def prewarm() -> None:
    """Read the course data and build the coach's word patterns before the learner arrives.

    In a preheated kernel this runs before the page is asked for, so the learner waits only
    for their own answers to be read.
    """
    content.course()
    organisation()
    coach.coach_data()


def wait_for_learner() -> bool:
    """In a preheated Voila kernel, pause until a learner opens the page; True if it paused.

    Everything after this reads the answer files as they are when the learner arrives. This is
    what ``voila.utils.wait_for_request`` does, without importing Voila's server side into every
    kernel (about 60 MB): the same environment variables, the same ``voila/query`` socket.
    """
    env = os.environ
    if env.get("VOILA_PREHEAT", "False") == "False":
        return False
    import json

    from websockets.sync.client import connect

    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    url = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID')}")
    try:
        with connect(url, open_timeout=5) as socket:
            info = socket.recv()
    except (OSError, TimeoutError):
        return False  # no server to ask: carry on, as Voila's own helper does
    for key, value in json.loads(info).items():
        os.environ[key] = value
    return True
