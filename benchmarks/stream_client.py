"""One Streamlit session spoken to over its own protocol, as the browser's frontend does.

The frontend opens a websocket to ``/_stcore/stream`` (subprotocol ``streamlit``), sends a
``BackMsg`` whose ``rerun_script`` carries the page (``page_name``, the URL path) and the query
string, and receives ``ForwardMsg``s: ``new_session``, the deltas (one ``new_element`` per drawn
element), and ``script_finished`` when the run is over. ``Session.run`` does exactly that and
times it: from sending the request to ``script_finished``, and to the first chart's delta.

It also checks what the run drew: at least the expected number of charts, no ``exception``
element, no error box (the app's error boundary shows one instead of a traceback, see
dashboard/errors.py), no "page not found", and a run that finished successfully. A run that
Streamlit restarts (``FINISHED_EARLY_FOR_RERUN``, after ``st.rerun``) is followed to its end.

Used by benchmarks/bench_concurrency.py; only for servers on this machine (127.0.0.1).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CHART = "plotly_chart"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class RunResult:
    """One script run: how long it took and what it drew."""

    page: str
    query: str
    opening: bool  # the first run of its session (the visitor opened the page)
    seconds: float  # request sent -> script_finished (the timeout when it never came)
    first_chart: float | None = None  # request sent -> first chart element
    elements: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def stream_url(base_url: str) -> str:
    """``http://127.0.0.1:8501/prefix`` -> ``ws://127.0.0.1:8501/prefix/_stcore/stream``;
    refuses any host but this machine's loopback."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK:
        raise ValueError(f"only http(s)://127.0.0.1 servers are measured, not {base_url!r}")
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


def rerun_request(page: str, query: str, url: str) -> bytes:
    """The ``BackMsg`` the frontend sends to run ``page`` with ``query``."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query
    state.page_name = page
    state.context_info.timezone = "Asia/Jakarta"
    state.context_info.timezone_offset = -420
    state.context_info.locale = "id-ID"
    state.context_info.url = url
    return message.SerializeToString()


class Session:
    """A websocket session with a Streamlit server; one script run at a time."""

    def __init__(self, socket: websockets.ClientConnection, base_url: str) -> None:
        self._socket = socket
        self._base = base_url.rstrip("/")
        self._runs = 0

    @classmethod
    async def open(cls, base_url: str, timeout: float = 30.0) -> Session:
        socket = await websockets.connect(stream_url(base_url), subprotocols=["streamlit"],
                                          max_size=None, open_timeout=timeout,
                                          ping_interval=None, compression=None)
        return cls(socket, base_url)

    async def close(self) -> None:
        await self._socket.close()

    async def run(self, page: str, query: str = "", charts: int = 0,
                  timeout: float = 60.0) -> RunResult:
        """Run ``page`` with ``query`` and wait for its end; ``charts``: the fewest charts it
        must draw."""
        url = f"{self._base}/{page}" + (f"?{query}" if query else "")
        result = RunResult(page, query, opening=self._runs == 0, seconds=timeout)
        self._runs += 1
        started = time.perf_counter()
        await self._socket.send(rerun_request(page, query, url))
        try:
            async with asyncio.timeout(timeout):
                await self._receive(result, started)
        except TimeoutError:
            result.problems.append(f"no script_finished within {timeout:.0f} s")
            return result
        except websockets.ConnectionClosed as closed:
            result.problems.append(f"connection closed: {closed}")
            result.seconds = time.perf_counter() - started
            return result
        if result.elements[CHART] < charts:
            result.problems.append(f"{result.elements[CHART]} charts, expected {charts} or more")
        return result

    async def _receive(self, result: RunResult, started: float) -> None:
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self._socket.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":  # a run begins (again, after FINISHED_EARLY_FOR_RERUN)
                result.elements.clear()
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                name = element.WhichOneof("type") or "?"
                result.elements[name] += 1
                if name == CHART and result.first_chart is None:
                    result.first_chart = time.perf_counter() - started
                elif name == "exception":
                    result.problems.append(f"exception: {element.exception.type}")
                elif name == "alert" and element.alert.format == Alert.ERROR:
                    result.problems.append(f"error box: {element.alert.body[:80]}")
            elif kind == "page_not_found":
                result.problems.append(f"page not found: {message.page_not_found.page_name}")
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                result.seconds = time.perf_counter() - started
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    result.problems.append(
                        f"finished: {ForwardMsg.ScriptFinishedStatus.Name(status)}")
                return
