# stepwise's Python Lambda worker: loads one handler (as the AWS Lambda Python
# runtime does) and serves invocations until stdin closes, so module state stays
# warm between invocations like a Lambda execution environment.
#
# Protocol: the same as node_worker.js (requests on stdin, one JSON object per
# line; answers "R|E|F <id> <text>" on fd 3; the handler's prints go to
# stdout/stderr, cut per invocation by "\x1fSTEPWISE_END <id>\n").
import decimal
import importlib
import json
import os
import sys
import time
import traceback

PROTOCOL = os.fdopen(3, "wb", buffering=0)
REQUESTS = os.fdopen(os.dup(0), "rb")
# The handler must not read the protocol: give it an empty stdin.
_devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(_devnull, 0)
os.close(_devnull)
sys.stdin = open(os.devnull, "r")

ENV = os.environ
TASK_ROOT = ENV.get("LAMBDA_TASK_ROOT") or os.getcwd()
HANDLER = ENV.get("_HANDLER", "")
WORKER_FILE = os.path.abspath(__file__) if "__file__" in globals() else "<string>"


class FaultError(Exception):
    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace or []


def send(kind, request_id, text):
    data = (kind + " " + request_id + " " + text + "\n").encode("utf-8")
    view = memoryview(data)
    while view:
        written = PROTOCOL.write(view)
        view = view[written:]


def end_logs(request_id):
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    sys.stdout.write("\x1fSTEPWISE_END " + request_id + "\n")
    sys.stdout.flush()


def user_frames(tb):
    frames = [f for f in traceback.extract_tb(tb) if f.filename not in (WORKER_FILE, "<string>")]
    return traceback.format_list(frames)


def error_document(error, request_id):
    if isinstance(error, FaultError):
        doc = {"errorMessage": error.message, "errorType": error.error_type, "requestId": request_id,
               "stackTrace": error.trace}
    else:
        doc = {"errorMessage": str(error), "errorType": type(error).__name__, "requestId": request_id,
               "stackTrace": user_frames(error.__traceback__)}
    return json.dumps(doc)


class Encoder(json.JSONEncoder):
    # As the Lambda Python runtime's marshaller: Decimal as a number.
    def default(self, o):
        if isinstance(o, decimal.Decimal):
            return float(o)
        return super().default(o)


def load_handler():
    try:
        module_name, function_name = HANDLER.rsplit(".", 1)
    except ValueError as e:
        raise FaultError("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(HANDLER, e))
    if not module_name or not function_name:
        raise FaultError("Runtime.MalformedHandlerName", "Bad handler '{}'".format(HANDLER))
    if TASK_ROOT not in sys.path:
        sys.path.insert(0, TASK_ROOT)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        expected = os.path.join(TASK_ROOT, module_name + ".py")
        raise FaultError("Runtime.ImportModuleError",
                         "Unable to import module '{}': {} (expected {}; check the function's \"handler\" and \"codeDir\")"
                         .format(module_name, e, expected))
    except SyntaxError as e:
        raise FaultError("Runtime.UserCodeSyntaxError",
                         "Syntax error in module '{}': {}".format(module_name, e),
                         ["  File \"{}\" Line {}\n    {}\n".format(e.filename, e.lineno, (e.text or "").strip())])
    handler = getattr(module, function_name, None)
    if handler is None:
        raise FaultError("Runtime.HandlerNotFound",
                         "Handler '{}' missing on module '{}'".format(function_name, module_name))
    if not callable(handler):
        raise FaultError("Runtime.HandlerNotFound",
                         "Handler '{}' on module '{}' is not callable".format(function_name, module_name))
    return handler


class LambdaContext:
    def __init__(self, request):
        self.aws_request_id = request["id"]
        self.invoked_function_arn = request.get("arn")
        self.function_name = ENV.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = ENV.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = ENV.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = ENV.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = ENV.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline_ms = int(request.get("deadline", 0))

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))

    def __repr__(self):
        return "LambdaContext([aws_request_id={},function_name={}])".format(self.aws_request_id, self.function_name)


def main():
    handler = None
    init_error = None
    try:
        handler = load_handler()
    except Exception as e:  # noqa: BLE001 - every init failure is reported on the first invocation
        init_error = e
    send("I", "-", "error" if init_error is not None else "ready")

    while True:
        line = REQUESTS.readline()
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        request_id = request["id"]
        if init_error is not None:
            if not isinstance(init_error, FaultError):
                traceback.print_exception(type(init_error), init_error, init_error.__traceback__)
            end_logs(request_id)
            send("F", request_id, error_document(init_error, request_id if not isinstance(init_error, FaultError) else ""))
            return 1
        try:
            result = handler(request.get("event"), LambdaContext(request))
            try:
                try:
                    text = json.dumps(result)  # the fast, shared encoder
                except TypeError:
                    text = json.dumps(result, cls=Encoder)
                kind = "R"
            except (TypeError, ValueError) as e:
                kind, text = "E", error_document(
                    FaultError("Runtime.MarshalError", "Unable to marshal response: {}".format(e)), request_id)
        except Exception as e:  # noqa: BLE001 - the handler's failure is the invocation's result
            kind, text = "E", error_document(e, request_id)
        end_logs(request_id)
        send(kind, request_id, text)


if __name__ == "__main__":
    sys.exit(main())
