#!/usr/bin/python3
"""The web page in a real browser: Debian's chromium, headless, driven by playwright-core.

Usage: test_browser.py [STEPWISE_BIN [SOURCE_DIR]]

Starts `stepwise serve` (in memory, a free port, real time stretched 4 times so the example's
3 s Wait lasts 12 s: long enough to see the execution part way on a loaded machine) with the
example's project file and mock config, then runs tests/browser/web_page.mjs under node, which
creates the example state machine, starts an execution from the page's Start dialog (input.json,
test case HappyPath), watches the graph's states change colour live, and checks the payload the
inspector shows for ValidateCancellationEligibility; then the debugger, time travel, re-run with
the compare view, and the event bus view (the example's schema folder, --schemas enforce: the
OrderCancellationUpdated events that PublishCancellationUpdate puts are checked), and a Distributed
Map's Map Run with its child executions. Screenshots of
each step go to $BROWSER_ARTIFACTS (default: browser-artifacts/ beside the stepwise binary, i.e.
build/); with STEPWISE_SCREENSHOTS=docs/images the main views also go there for the README.

Exits 77 (skipped) only when chromium is missing (/usr/bin/chromium, or $CHROMIUM); a missing
node or playwright-core (scripts/setup.sh installs both) fails. The browser part is bounded
(BROWSER_TIMEOUT_S, default 150 s) and killed with its chromium when over; the server is
stopped on every way out.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

TIMEOUT_S = float(os.environ.get("BROWSER_TIMEOUT_S", "150"))
BROWSER_DIR = os.path.join(h.SOURCE_DIR, "tests", "browser")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

_children = []


def _kill_children():
    for proc in _children:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # node and the chromium it started
            except ProcessLookupError:
                pass
            proc.wait()


def _on_signal(signum, frame):
    _kill_children()
    for server in list(h._servers):
        server.kill()
    sys.exit(128 + signum)


def main():
    if not os.access(CHROMIUM, os.X_OK):
        print(f"SKIP: no chromium at {CHROMIUM} (apt-get install chromium, or run scripts/setup.sh)")
        return h.SKIP
    if not os.access(h.STEPWISE, os.X_OK):
        print(f"FAIL: no stepwise binary at {h.STEPWISE}")
        return 1
    node = shutil.which("node")
    if not node:
        print("FAIL: node is missing (scripts/setup.sh installs nodejs)")
        return 1
    if not os.path.isfile(os.path.join(BROWSER_DIR, "node_modules", "playwright-core", "package.json")):
        print(f"FAIL: playwright-core is not installed in {BROWSER_DIR} "
              "(scripts/setup.sh runs npm ci there; or: cd tests/browser && npm ci)")
        return 1
    artifacts = os.environ.get("BROWSER_ARTIFACTS") or os.path.join(
        os.path.dirname(os.path.abspath(h.STEPWISE)), "browser-artifacts")
    shutil.rmtree(artifacts, ignore_errors=True)
    os.makedirs(artifacts, exist_ok=True)

    signal.signal(signal.SIGTERM, _on_signal)  # ctest's timeout: node, chromium and serve go too
    server = h.Server("browser", in_memory=True,
                      mock_config=os.path.join(h.EXAMPLE, "mocks.json"),
                      project=os.path.join(h.EXAMPLE, "stepwise.json"),
                      virtual_time=False, time_scale=4,
                      extra=["--schema-dir", os.path.join(h.EXAMPLE, "events", "schemas"),
                             "--schemas", "enforce"]).start()
    env = dict(os.environ, STEPWISE_URL=server.endpoint, CHROMIUM=CHROMIUM, EXAMPLE_DIR=h.EXAMPLE,
               ARTIFACTS=artifacts)
    began = time.monotonic()
    proc = subprocess.Popen([node, os.path.join(BROWSER_DIR, "web_page.mjs")], cwd=BROWSER_DIR, env=env,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    _children.append(proc)
    try:
        rc = proc.wait(TIMEOUT_S)
    except subprocess.TimeoutExpired:
        print(f"FAIL: the browser test took more than {TIMEOUT_S:.0f} s: killed")
        rc = 1
    finally:
        _kill_children()
    print(f"browser test: {time.monotonic() - began:.1f} s, screenshots in {artifacts}")
    if rc != 0:
        print(f"--- stepwise serve's log\n{server.stderr_tail()}")
    server.stop()
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
