"""A local group-chat robot for the tests of ``yuqing notify`` and the CI alarm.

``http.server`` on 127.0.0.1 (an ephemeral port, one thread per request) that records every
request and answers from a script of :class:`Reply` values: a status code, a JSON body, or a
delay longer than the client's timeout. The last reply repeats.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    delay: float = 0.0


class Robot:
    """A local group-chat robot: records requests, answers with the scripted replies (the last one repeats)."""

    def __init__(self, *replies: Reply):
        self.replies = list(replies) or [Reply()]
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                with robot.lock:
                    robot.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw})
                    reply = robot.replies[min(len(robot.requests), len(robot.replies)) - 1]
                if reply.delay:
                    time.sleep(reply.delay)
                data = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # do not wait for a deliberately slow answer
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=t0ken"

    def bodies(self) -> list[dict]:
        return [json.loads(r["raw"].decode("utf-8")) for r in self.requests]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
