#!/usr/bin/python3
"""Malformed requests over raw sockets, then 10,000 idle connections; the server must
answer each bad request with an AWS-shaped error (or 413 for a huge body), never crash,
and still answer ListStateMachines promptly afterwards.

Usage: test_malformed.py [STEPWISE_BIN [SOURCE_DIR]]   (E2E_IDLE_CONNECTIONS=N to change 10000)
"""
import json
import os
import resource
import select
import socket
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

h.require_boto3()

IDLE = int(os.environ.get("E2E_IDLE_CONNECTIONS", "10000"))
SM = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:"
failures = []
notes = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f"\n     {detail}"), flush=True)
    if not ok:
        failures.append(f"{name}: {detail}")


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except Exception:
            return None

    def __repr__(self):
        return f"HTTP {self.status} {self.headers.get('content-type', '')} {self.body[:300]!r}"


def read_response(sock, timeout=10):
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    if b"\r\n\r\n" not in data:
        return None if not data else Response(0, {}, data)
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        need = int(headers["content-length"])
        while len(rest) < need:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        rest = rest[:need]
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body, buf = b"", rest
        while True:
            while b"\r\n" not in buf:
                more = sock.recv(65536)
                if not more:
                    break
                buf += more
            size_line, _, buf = buf.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            while len(buf) < size + 2:
                more = sock.recv(65536)
                if not more:
                    break
                buf += more
            body, buf = body + buf[:size], buf[size + 2:]
        rest = body
    return Response(status, headers, rest)


def request(port, body, target="AWSStepFunctions.ListStateMachines", headers=None, raw=None, timeout=15,
            content_type="application/x-amz-json-1.0"):
    """One request on a fresh connection; None if the server closed it without an answer."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if raw is None:
        hdrs = {"Host": f"127.0.0.1:{port}", "Content-Type": content_type,
                "Content-Length": str(len(body)), "Connection": "close",
                "Authorization": "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/states/aws4_request, "
                                 "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00",
                "X-Amz-Date": "20250101T000000Z"}
        if target is not None:
            hdrs["X-Amz-Target"] = target
        hdrs.update(headers or {})
        raw = ("POST / HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items()) + "\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer (413) before reading the whole body
        try:
            return read_response(s, timeout)
        except (ConnectionResetError, socket.timeout):
            return None


def error_type(resp):
    doc = resp.json() if resp else None
    if not isinstance(doc, dict):
        return None, None
    t = doc.get("__type")
    message = doc.get("message", doc.get("Message"))
    # "__type" may carry a namespace: "com.amazonaws.states#ValidationException".
    return (t.split("#")[-1] if isinstance(t, str) else None), message


def expect_error(name, resp, codes, statuses=(400,)):
    code, message = error_type(resp)
    ok = resp is not None and resp.status in statuses and code in codes and isinstance(message, str)
    check(f"{name} -> {'/'.join(codes)}", ok, f"got {resp!r}")


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = IDLE + 200
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, want), hard) if hard != resource.RLIM_INFINITY
                                                    else max(soft, want), hard))
    except (ValueError, OSError) as e:
        notes.append(f"could not raise RLIMIT_NOFILE ({e})")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    idle = IDLE
    if soft < want:
        idle = max(100, soft - 200)
        notes.append(f"RLIMIT_NOFILE hard limit is {hard}: using {idle} idle connections instead of {IDLE}")
    # The server inherits the raised limit.
    server = h.Server("malformed", virtual_time=True)
    try:
        server.start()
    except h.ServerError as e:
        print(f"FAIL: {e}")
        return 1
    port = server.port
    client = server.client(timeout=10)
    arn = client.create_state_machine(name="Target", roleArn=h.ROLE, definition=json.dumps(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))["stateMachineArn"]

    # A good raw request first, so failures below are about the bad part.
    good = request(port, "{}")
    check("raw ListStateMachines works", good is not None and good.status == 200 and
          isinstance((good.json() or {}).get("stateMachines"), list), repr(good))
    if good is not None:
        check("content type is application/x-amz-json-1.0",
              good.headers.get("content-type", "").startswith("application/x-amz-json-1.0"), repr(good.headers))
        check("x-amzn-requestid header", bool(good.headers.get("x-amzn-requestid")), repr(good.headers))

    expect_error("bad JSON body", request(port, "{not json"), ("SerializationException",))
    expect_error("truncated JSON", request(port, '{"maxResults": 1'), ("SerializationException",))
    expect_error("JSON array body", request(port, "[1,2]"), ("SerializationException", "ValidationException"))
    expect_error("invalid UTF-8 body", request(port, b'{"nextToken": "\xff\xfe"}'),
                 ("SerializationException", "ValidationException", "InvalidToken"))
    expect_error("input as a number",
                 request(port, json.dumps({"stateMachineArn": arn, "input": 5}), "AWSStepFunctions.StartExecution"),
                 ("SerializationException", "ValidationException"))
    expect_error("maxResults as a string",
                 request(port, json.dumps({"maxResults": "10"})), ("SerializationException", "ValidationException"))
    expect_error("maxResults as a float",
                 request(port, json.dumps({"maxResults": 1.5})), ("SerializationException", "ValidationException"))
    expect_error("stateMachineArn as an object",
                 request(port, json.dumps({"stateMachineArn": {"a": 1}}), "AWSStepFunctions.DescribeStateMachine"),
                 ("SerializationException", "ValidationException"))
    expect_error("tags not a list",
                 request(port, json.dumps({"resourceArn": arn, "tags": "x"}), "AWSStepFunctions.TagResource"),
                 ("SerializationException", "ValidationException"))
    expect_error("missing required member",
                 request(port, "{}", "AWSStepFunctions.DescribeExecution"), ("ValidationException",))
    expect_error("unknown operation", request(port, "{}", "AWSStepFunctions.Nope"), ("UnknownOperationException",))
    expect_error("other service's target", request(port, "{}", "DynamoDB_20120810.ListTables"),
                 ("UnknownOperationException",))
    resp = request(port, "{}", target=None)
    code, _ = error_type(resp)
    check("missing X-Amz-Target -> AWS error", resp is not None and 400 <= resp.status < 500 and code is not None,
          repr(resp))
    resp = request(port, "{}", content_type="text/plain")
    check("odd Content-Type still answered", resp is not None and resp.status in (200, 400, 415), repr(resp))
    big = b'{"maxResults": 1, "nextToken": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    resp = request(port, big, timeout=30)
    code, _ = error_type(resp)
    check("10 MB body -> 413 or an AWS error",
          resp is not None and (resp.status == 413 or (resp.status == 400 and code is not None)), repr(resp))
    huge_header = ("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\nX-Big: "
                   + "b" * (256 * 1024) + "\r\nContent-Length: 2\r\n\r\n{}").encode()
    resp = request(port, b"", raw=huge_header)
    check("256 KiB header -> answered or closed", resp is None or resp.status in (200, 400, 413, 431), repr(resp))
    resp = request(port, b"", raw=b"GARBAGE\r\n\r\n")
    check("not HTTP -> 400 or closed", resp is None or resp.status == 400, repr(resp))
    resp = request(port, b"", raw=b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    check("GET / answered", resp is not None and resp.status < 500, repr(resp))
    # A body shorter than its Content-Length, then the client goes away: nothing may hang.
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\n"
                  b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{")
    # Keep-alive: two requests on one connection, the first bad.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        for body in (b"{bad", b"{}"):
            s.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\n"
                      b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: "
                      + str(len(body)).encode() + b"\r\n\r\n" + body)
        first = read_response(s)
        try:
            second = read_response(s)
        except (ConnectionResetError, socket.timeout):
            second = None
        check("keep-alive: bad request answered", first is not None and first.status == 400, repr(first))
        check("keep-alive: next request on the same connection",
              second is None or second.status == 200, f"{second!r} (None = the server closed it; allowed)")
    check("server alive after malformed requests", server.alive(), server.stderr_tail())
    t = time.monotonic()
    client.list_state_machines()
    check("ListStateMachines after malformed requests", time.monotonic() - t < 5, f"{time.monotonic() - t:.1f} s")

    # Idle connections: open `idle` sockets, some with half a request, and leave them.
    print(f"opening {idle} idle connections (RLIMIT_NOFILE {soft}/{hard})", flush=True)
    socks, failed = [], 0
    t = time.monotonic()
    pending = []
    for i in range(idle):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect_ex(("127.0.0.1", port))
        except OSError:
            failed += 1
            s.close()
            continue
        pending.append(s)
        if len(pending) >= 500:
            socks += settle(pending)
            pending = []
    socks += settle(pending)
    opened = len(socks)
    slow = 0
    for s in socks[:200]:  # half a request (slowloris)
        try:
            s.send(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.List")
            slow += 1
        except OSError:
            pass
    print(f"  {opened} connected ({idle - opened} refused or failed) in "
          f"{time.monotonic() - t:.1f} s; {slow} with half a request", flush=True)
    check(f"at least 90% of {idle} connections opened", opened >= idle * 0.9, f"{opened} opened")
    time.sleep(1)
    t = time.monotonic()
    try:
        n = len(server.client(timeout=10).list_state_machines()["stateMachines"])
        took = time.monotonic() - t
        check(f"ListStateMachines with {opened} idle connections open ({took * 1000:.0f} ms)", took < 5 and n == 1,
              f"{took:.1f} s, {n} machines")
    except Exception as e:
        check(f"ListStateMachines with {opened} idle connections open", False, f"{type(e).__name__}: {e}")
    ex = client.start_execution(stateMachineArn=arn, input='{"still":"works"}')["executionArn"]
    d = h.wait_done(client, ex, timeout=10)
    check("an execution runs with the idle connections open", d["status"] == "SUCCEEDED", repr(d))
    for s in socks:
        s.close()
    time.sleep(0.5)
    t = time.monotonic()
    try:
        client.list_state_machines()
        check("ListStateMachines after the idle connections closed", time.monotonic() - t < 5,
              f"{time.monotonic() - t:.1f} s")
    except Exception as e:
        check("ListStateMachines after the idle connections closed", False, f"{type(e).__name__}: {e}")
    check("server alive at the end", server.alive(), "")
    server.stop()
    for n in notes:
        print("note:", n)
    if failures:
        print(server.stderr_tail())
        print(f"FAIL test_malformed: {len(failures)} checks failed")
        return 1
    print("ok   test_malformed")
    return 0


def settle(pending, timeout=10):
    """Waits for non-blocking connects; returns the connected sockets."""
    ok = []
    deadline = time.monotonic() + timeout
    left = list(pending)
    while left and time.monotonic() < deadline:
        poller = select.poll()
        by_fd = {s.fileno(): s for s in left}
        for fd in by_fd:
            poller.register(fd, select.POLLOUT | select.POLLERR | select.POLLHUP)
        for fd, _ in poller.poll(200):
            s = by_fd.pop(fd)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                ok.append(s)
            else:
                s.close()
        left = list(by_fd.values())
    for s in left:
        s.close()
    return ok


if __name__ == "__main__":
    sys.exit(main())
