"""Shared harness of the end-to-end tests: start `stepwise serve`, build clients.

Every test gets the stepwise binary and the source directory from the
environment (STEPWISE_BIN, STEPWISE_SOURCE_DIR) or from its first two
arguments (taken out of sys.argv, so unittest sees only its own).
Servers are started with --port 0 on a fresh temporary data directory; the
harness reads the one `stepwise serve: listening on http://127.0.0.1:<port>`
line, keeps the server's stderr in a file (printed when a test fails) and kills
every server it started when the process exits.
"""
import atexit
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

SKIP = 77  # ctest SKIP_RETURN_CODE
HERE = os.path.dirname(os.path.abspath(__file__))


def _take_arguments():
    """`test_x.py BIN [SOURCE_DIR] [unittest args]`: BIN and SOURCE_DIR into the environment."""
    if os.path.dirname(os.path.abspath(sys.argv[0])) != HERE:
        return
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    for name, value in zip(("STEPWISE_BIN", "STEPWISE_SOURCE_DIR"), args[:2]):
        os.environ[name] = os.path.abspath(value)
        sys.argv.remove(value)


_take_arguments()
SOURCE_DIR = os.environ.get("STEPWISE_SOURCE_DIR", os.path.abspath(os.path.join(HERE, "..", "..")))
STEPWISE = os.environ.get("STEPWISE_BIN", os.path.join(SOURCE_DIR, "build", "stepwise"))
EXAMPLE = os.path.join(SOURCE_DIR, "examples", "vehicle-order-cancellation")
ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/StepwiseE2E"
LISTEN_RE = re.compile(r"^stepwise serve: listening on http://127\.0\.0\.1:(\d+)$")

for key, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                   ("AWS_DEFAULT_REGION", REGION), ("AWS_REGION", REGION)):
    os.environ[key] = value
os.environ.pop("AWS_PROFILE", None)
os.environ.pop("AWS_SESSION_TOKEN", None)

_servers = []
_tmp_root = tempfile.mkdtemp(prefix="stepwise-e2e-")


def tmp_path(name):
    path = os.path.join(_tmp_root, name)
    return path


def _cleanup():
    for server in list(_servers):
        server.kill()
    subprocess.run(["rm", "-rf", _tmp_root], check=False)


atexit.register(_cleanup)


def _on_signal(signum, frame):
    _cleanup()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _on_signal)


def model_dir():
    """AWS_DATA_PATH directory with Debian's model plus the newer operations."""
    sys.path.insert(0, os.path.join(HERE, "models"))
    import build_model  # noqa: E402
    out = tmp_path("aws-data")
    if not os.path.exists(os.path.join(out, "events")):
        build_model.build(out)
    os.environ["AWS_DATA_PATH"] = out
    return out


def check_localhost_names():
    """Fails the test, saying what to do, when the README's endpoint cannot work here:
    scripts/setup.sh installs libnss-myhostname, which resolves *.localhost to loopback."""
    import socket
    for name in ("stepwise.localhost", "sync-stepwise.localhost"):
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
        except socket.gaierror as e:
            print(f"FAIL: {name} does not resolve ({e}): run scripts/setup.sh (libnss-myhostname), "
                  "or add 'myhostname' to the hosts line of /etc/nsswitch.conf")
            sys.exit(1)
        if not addresses & {"127.0.0.1", "::1"}:
            print(f"FAIL: {name} resolves to {sorted(addresses)}, not to loopback")
            sys.exit(1)


def require_boto3():
    try:
        import boto3  # noqa: F401
        import botocore  # noqa: F401
    except ImportError:
        print("SKIP: boto3 is not installed for /usr/bin/python3 (apt-get install python3-boto3)")
        sys.exit(SKIP)
    if not os.access(STEPWISE, os.X_OK):
        print(f"FAIL: no stepwise binary at {STEPWISE}")
        sys.exit(1)
    check_localhost_names()


class ServerError(Exception):
    pass


class Server:
    """One `stepwise serve` process; restart() keeps its data dir and port."""

    def __init__(self, name="server", data_dir=None, in_memory=False, mock_config=None,
                 project=None, virtual_time=True, time_scale=None, threads=None, extra=()):
        self.name = name
        self.in_memory = in_memory
        self.data_dir = None if in_memory else (data_dir or tempfile.mkdtemp(prefix=name + "-", dir=_tmp_root))
        self.mock_config = mock_config
        self.project = project
        self.virtual_time = virtual_time
        self.time_scale = time_scale
        self.threads = threads
        self.extra = list(extra)
        self.port = 0
        self.proc = None
        self.stderr_path = os.path.join(_tmp_root, f"{name}-{id(self)}.stderr")
        self.starts = 0
        _servers.append(self)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def sdk_endpoint(self):
        """The README's endpoint: the SDKs send StartSyncExecution and TestState to
        sync-stepwise.localhost, which resolves to loopback (check_localhost_names)."""
        return f"http://stepwise.localhost:{self.port}"

    def command(self, port):
        cmd = [STEPWISE, "serve", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--in-memory"] if self.in_memory else ["--data-dir", self.data_dir]
        if self.mock_config:
            cmd += ["--mock-config", self.mock_config]
        if self.project:
            cmd += ["--project", self.project]
        if self.virtual_time:
            cmd += ["--virtual-time"]
        if self.time_scale is not None:
            cmd += ["--time-scale", str(self.time_scale)]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        return cmd + self.extra

    def start(self, timeout=30):
        deadline = time.monotonic() + timeout
        first = time.monotonic()
        while True:
            # A restart asks for the old port again (clients keep their endpoint); if it stays
            # taken for 5 s, any free port will do (ProxyClient follows the change).
            port = self.port if time.monotonic() - first < 5 else 0
            try:
                self._start_once(port, deadline)
                return self
            except ServerError:
                if port and time.monotonic() < deadline - 1:
                    time.sleep(0.2)
                    continue
                raise

    def _start_once(self, port, deadline):
        self.starts += 1
        with open(self.stderr_path, "a") as err:
            err.write(f"\n===== start #{self.starts}: {' '.join(self.command(port))}\n")
        err = open(self.stderr_path, "a")
        self.proc = subprocess.Popen(self.command(port), stdout=subprocess.PIPE, stderr=err,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        err.close()
        found = {}

        def read_stdout(proc=self.proc):
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                m = LISTEN_RE.match(line)
                if m and "port" not in found:
                    found["port"] = int(m.group(1))
                elif line:
                    with open(self.stderr_path, "a") as f:
                        f.write("[stdout] " + line + "\n")

        threading.Thread(target=read_stdout, daemon=True).start()
        while "port" not in found:
            if self.proc.poll() is not None:
                time.sleep(0.05)
                if "port" in found:
                    break
                raise ServerError(f"{self.name}: stepwise serve exited with {self.proc.returncode} "
                                  f"before listening\n{self.stderr_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise ServerError(f"{self.name}: no 'listening on' line within the time limit\n"
                                  f"{self.stderr_tail()}")
            time.sleep(0.01)
        self.port = found["port"]

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Stops the server with sig; returns its exit status."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with open(self.stderr_path, "a") as f:
                f.write(f"===== did not stop within {timeout} s of signal {sig}; killed\n")
            self.kill()
            raise ServerError(f"{self.name}: did not stop within {timeout} s of signal {sig}")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.kill()
                self.proc.wait(10)
            except Exception:
                pass

    def restart(self, sig=signal.SIGTERM):
        self.stop(sig)
        return self.start()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stderr_tail(self, limit=6000):
        try:
            with open(self.stderr_path, errors="replace") as f:
                text = f.read()
        except OSError:
            return ""
        if len(text) > limit:
            text = "...\n" + text[-limit:]
        return f"--- stderr of {self.name} ({self.stderr_path}) ---\n{text}\n--- end of stderr ---"

    def client(self, validate=True, timeout=70):
        import boto3
        from botocore.config import Config
        config = Config(region_name=REGION, retries={"max_attempts": 0, "mode": "standard"},
                        parameter_validation=validate, connect_timeout=10, read_timeout=timeout)
        return ProxyClient(self, lambda: boto3.client(
            "stepfunctions", endpoint_url=self.sdk_endpoint, config=config,
            aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION))


def events_client(server):
    """A boto3 EventBridge client of `server` (no retries), following it across restarts."""
    import boto3
    from botocore.config import Config
    config = Config(region_name=REGION, retries={"max_attempts": 0, "mode": "standard"},
                    connect_timeout=10, read_timeout=60)
    return ProxyClient(server, lambda: boto3.client(
        "events", endpoint_url=server.sdk_endpoint, config=config,
        aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION))


class ProxyClient:
    """A boto3 client that follows its server across restarts (same port, but
    rebuilt if the port changed)."""

    def __init__(self, server, factory):
        self._server = server
        self._factory = factory
        self._port = None
        self._client = None

    def __getattr__(self, name):
        if self._client is None or self._port != self._server.port:
            self._client = self._factory()
            self._port = self._server.port
        return getattr(self._client, name)


def substituted_definition(path=None, subs=None):
    path = path or os.path.join(EXAMPLE, "statemachine.asl.json")
    subs = subs or os.path.join(EXAMPLE, "substitutions.json")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(subs, encoding="utf-8") as f:
        values = json.load(f)
    for key, value in values.items():
        text = text.replace("${" + key + "}", value)
    assert "${" not in text, "unsubstituted placeholder left in the definition"
    return text


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run_expected(definition_text, mocks, test_case, input_text, name, machine_name):
    """`stepwise run` of the same definition: (status, output or None, error, cause, events)."""
    work = tempfile.mkdtemp(prefix="run-", dir=_tmp_root)
    machine = os.path.join(work, "machine.asl.json")
    inp = os.path.join(work, "input.json")
    with open(machine, "w", encoding="utf-8") as f:
        f.write(definition_text)
    with open(inp, "w", encoding="utf-8") as f:
        f.write(input_text)
    cmd = [STEPWISE, "run", machine, "--mocks", mocks, "--test-case", test_case, "--input", inp,
           "--trace", "json", "--no-timing", "--name", name, "--state-machine-name", machine_name]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=work)
    if proc.returncode not in (0, 1):
        raise AssertionError(f"stepwise run failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    events = json.loads(proc.stdout)["events"]
    last = events[-1]
    kind = last["type"]
    if kind == "ExecutionSucceeded":
        return "SUCCEEDED", last["executionSucceededEventDetails"].get("output"), None, None, events
    if kind == "ExecutionFailed":
        d = last.get("executionFailedEventDetails", {})
        return "FAILED", None, d.get("error"), d.get("cause"), events
    if kind == "ExecutionTimedOut":
        d = last.get("executionTimedOutEventDetails", {})
        return "TIMED_OUT", None, d.get("error"), d.get("cause"), events
    if kind == "ExecutionAborted":
        return "ABORTED", None, None, None, events
    raise AssertionError(f"stepwise run ended with {kind}")


EXEC_ARN_RE = re.compile(r"arn:aws:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_.\-]+:[A-Za-z0-9_.\-]+")


def normalize_output(text):
    """Parsed JSON with execution ARNs ($$.Execution.Id) replaced by a marker,
    so `stepwise run`'s output (its own account) compares with the server's."""
    if text is None:
        return None
    return json.loads(EXEC_ARN_RE.sub("<execution-arn>", text))


def combined_mocks(extra_machines, extra_responses):
    """The example's mocks.json plus the given state machines and responses."""
    with open(os.path.join(EXAMPLE, "mocks.json"), encoding="utf-8") as f:
        mocks = json.load(f)
    mocks["StateMachines"].update(extra_machines)
    mocks["MockedResponses"].update(extra_responses)
    path = tempfile.mktemp(prefix="mocks-", suffix=".json", dir=_tmp_root)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(mocks, f, indent=1)
    return path


def unique_name(prefix):
    """A name no other test run uses: PREFIX-<8 hex digits>."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def read_json_lines(path):
    """The JSON objects of a JSON-lines file (an outbox, a log group); [] while it does not exist."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def wait_for(what, probe, timeout=60, server=None, poll=0.05):
    """Polls probe() until it answers something true and returns that; fails naming `what`
    (with the server's stderr) after `timeout` s, a generous bound: no timing is asserted."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout} s\n" + (server.stderr_tail() if server else ""))
        time.sleep(poll)


def event_details(event):
    """A history event's <type>EventDetails member ({} when it has none)."""
    for key, value in event.items():
        if key.endswith("EventDetails"):
            return value
    return {}


def wait_done(client, arn, timeout=60, poll=0.05):
    """Polls DescribeExecution until the execution is no longer RUNNING."""
    deadline = time.monotonic() + timeout
    while True:
        d = client.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        if time.monotonic() > deadline:
            raise AssertionError(f"{arn} still RUNNING after {timeout} s")
        time.sleep(poll)


def full_history(client, arn, **kwargs):
    events, token = [], None
    while True:
        args = dict(executionArn=arn, maxResults=1000, **kwargs)
        if token:
            args["nextToken"] = token
        page = client.get_execution_history(**args)
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


def check_history_shape(events, where=""):
    """ids 1..N consecutive; previousEventId points back; one terminal event, last."""
    terminal = {"ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"}
    problems = []
    for i, e in enumerate(events, start=1):
        if e["id"] != i:
            problems.append(f"event #{i} has id {e['id']}")
            break
        prev = e.get("previousEventId", 0)
        if i > 1 and not (0 <= prev < i):
            problems.append(f"event {i} ({e['type']}) previousEventId {prev}")
    kinds = [e["type"] for e in events]
    if not kinds or kinds[0] != "ExecutionStarted":
        problems.append(f"first event is {kinds[:1]}")
    ends = [k for k in kinds if k in terminal]
    redriven = kinds.count("ExecutionRedriven")
    if len(ends) != 1 + redriven:
        problems.append(f"{len(ends)} terminal events {ends} with {redriven} redrives")
    if not kinds or kinds[-1] not in terminal:
        problems.append(f"last event is {kinds[-1:]} (not terminal)")
    if problems:
        raise AssertionError(f"history of {where}: " + "; ".join(problems))


def error_of(exc):
    resp = getattr(exc, "response", {}) or {}
    return (resp.get("Error", {}).get("Code"), resp.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            resp.get("Error", {}).get("Message"))


def poll_activity_task(server, activity_arn, worker_name, timeout=80):
    """GetActivityTask from a thread of its own (a long poll of up to 60 s); the task it answers."""
    got = {}

    def worker():
        try:
            got["task"] = server.client(timeout=timeout).get_activity_task(activityArn=activity_arn,
                                                                          workerName=worker_name)
        except Exception as e:  # re-raised by the caller's thread
            got["error"] = e

    t = threading.Thread(target=worker)
    t.start()
    t.join(timeout - 5)
    if t.is_alive():
        raise AssertionError("GetActivityTask did not return")
    if "error" in got:
        raise got["error"]
    return got["task"]
