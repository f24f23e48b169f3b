"""A small Chrome DevTools Protocol client for the report tests: headless Chromium, one page.

Opens a page, records every request *that page* makes (Network domain of the page target, so
Chromium's own background traffic is not counted), evaluates JavaScript and takes screenshots.
Needs Debian's ``chromium`` and ``python3-websocket``; ``Browser.skip_reason()`` says why not.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
         "--disable-default-apps", "--mute-audio", "--hide-scrollbars")


def chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


class Browser:
    @staticmethod
    def skip_reason() -> str | None:
        if chromium() is None:
            return "Chromium is not installed (Debian package chromium)"
        try:
            import websocket  # noqa: F401
        except ImportError:
            return "python3-websocket is not installed"
        return None

    def __init__(self, width: int = 1280, height: int = 900, timeout_s: float = 60.0):
        import websocket

        self.timeout_s = timeout_s
        self.profile = tempfile.mkdtemp(prefix="watchmap-cdp-")
        self.proc = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": self.profile})
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout_s
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            targets = json.load(r)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=timeout_s)
        self.next_id = 0
        self.events: list = []
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.call("Network.enable")
        self.call("Page.enable")

    # ---------------------------------------------------------------------------------------------
    def call(self, method: str, params: dict | None = None) -> dict:
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params or {}}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, method: str, after: int = 0) -> dict:
        deadline = time.monotonic() + self.timeout_s
        while True:
            for ev in self.events[after:]:
                if ev["method"] == method:
                    return ev
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {self.timeout_s} s")
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)

    def open(self, path: Path, ready_js: str | None = None) -> list:
        """Loads a file; returns the URLs of every request the page made."""
        start = len(self.events)
        self.call("Page.navigate", {"url": Path(path).resolve().as_uri()})
        self.wait_event("Page.loadEventFired", after=start)
        if ready_js:
            deadline = time.monotonic() + self.timeout_s
            while not self.evaluate(ready_js):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"page not ready: {ready_js}")
                time.sleep(0.05)
        time.sleep(0.2)                                   # late requests (images, fonts) show up
        self.evaluate("1")
        return [ev["params"]["request"]["url"] for ev in self.events[start:]
                if ev["method"] == "Network.requestWillBeSent"]

    def evaluate(self, expression: str):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"JavaScript error: {r['exceptionDetails']}")
        return r["result"].get("value")

    def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(data)
        return data

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                self.ws.close()
        finally:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
