#!/usr/bin/python3
"""Every target a workflow's events reach: SQS, SNS, Kinesis, Firehose and CloudWatch Logs,
with boto3 (/usr/bin/python3) against `stepwise serve`.

Usage: test_events_targets.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

Outboxes: a rule with five targets (one of each service) puts each event in the request the
  service would receive, one JSON line a call, under DATA_DIR/outbox/<service>/<name>.jsonl
  (CloudWatch Logs: DATA_DIR/logs/<group>.jsonl); a sixth target is refused with
  LimitExceededException; FIFO queues need SqsParameters.MessageGroupId; unsupported members
  and kinds are refused by name; the targets survive a restart.
  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
  https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
Endpoints: with "endpoints" in the project file, SQS SendMessage (JSON protocol) and SNS Publish
  (query protocol) go to a loopback server in this test, which verifies the SigV4 Authorization
  header itself (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
  while Kinesis, with no endpoint, still goes to its outbox. A Kinesis endpoint that answers
  errors: retried under the RetryPolicy, then the dead-letter queue's outbox line carries the
  attributes AWS adds (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
  A delivery still failing when the server stops is delivered after the restart.
"""
import base64
import hashlib
import hmac
import http.server
import json
import os
import sys
import tempfile
import threading
import unittest
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from harness import read_json_lines as read_lines, wait_for  # noqa: E402

h.require_boto3()
h.model_dir()

from botocore.exceptions import ClientError  # noqa: E402

ARN = f"{h.REGION}:{h.ACCOUNT}"
SQS = f"arn:aws:sqs:{ARN}:orders"
SNS = f"arn:aws:sns:{ARN}:alerts"
KINESIS = f"arn:aws:kinesis:{ARN}:stream/clicks"
FIREHOSE = f"arn:aws:firehose:{ARN}:deliverystream/lake"
LOGS = f"arn:aws:logs:{ARN}:log-group:shop-orders"
DLQ = f"arn:aws:sqs:{ARN}:dlq"


def put(events, source="shop", detail=None):
    answer = events.put_events(Entries=[{"Source": source, "DetailType": "Order Placed",
                                          "Detail": json.dumps(detail or {"order": "o-1"})}])
    assert answer["FailedEntryCount"] == 0, answer
    return answer["Entries"][0]["EventId"]


def project_with(endpoints):
    path = tempfile.mktemp(prefix="project-", suffix=".json", dir=h.tmp_path(""))
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"endpoints": endpoints}, f)
    return path


def expected_authorization(method, path, headers, body, authorization, service):
    """The Authorization header SigV4 gives this request (harness credentials), from its own SignedHeaders."""
    fields = dict(part.strip().split("=", 1) for part in authorization[len("AWS4-HMAC-SHA256 "):].split(","))
    signed = fields["SignedHeaders"]
    amz_date = headers["x-amz-date"]
    date = amz_date[:8]
    canonical_headers = "".join(f"{name}:{' '.join(headers[name].split())}\n" for name in signed.split(";"))
    canonical = "\n".join([method, path, "", canonical_headers, signed, hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{h.REGION}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])

    def sign(key, text):
        return hmac.new(key, text.encode(), hashlib.sha256).digest()
    key = sign(sign(sign(sign(b"AWS4test", date), h.REGION), service), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"AWS4-HMAC-SHA256 Credential=test/{scope}, SignedHeaders={signed}, Signature={signature}"


class FakeServices(http.server.ThreadingHTTPServer):
    """Plays SQS, SNS, Kinesis and Firehose: records each call as (operation, parameters) and the
    problems of its request; answers each operation with `answers[operation]` (status, body)."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ServiceHandler)
        self.calls = []
        self.problems = []
        self.answers = {}
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def of(self, operation, ok_only=False):
        with self.lock:
            return [(p, status) for op, p, status in self.calls if op == operation and (status < 300 or not ok_only)]


class ServiceHandler(http.server.BaseHTTPRequestHandler):
    SERVICES = {"AmazonSQS": "sqs", "Kinesis_20131202": "kinesis", "Firehose_20150804": "firehose"}

    def do_POST(self):  # noqa: N802 (http.server's name)
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self.headers.get("X-Amz-Target")
        problems = []
        if target:  # the JSON protocol
            prefix, operation = target.split(".", 1)
            service = self.SERVICES.get(prefix, prefix)
            parameters = json.loads(body)
        else:  # SNS's query protocol
            form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
            parameters = {k: v[0] for k, v in form.items()}
            operation, service = parameters.pop("Action", "?"), "sns"
            if parameters.pop("Version", None) != "2010-03-31":
                problems.append("no Version=2010-03-31")
        if self.path != "/":
            problems.append(f"path {self.path}")
        authorization = self.headers.get("Authorization", "")
        headers = {k.lower(): v for k, v in self.headers.items()}
        if not authorization.startswith("AWS4-HMAC-SHA256 "):
            problems.append(f"no SigV4 Authorization header: {authorization!r}")
        elif authorization != expected_authorization("POST", "/", headers, body, authorization, service):
            problems.append(f"{operation}: the SigV4 signature does not verify: {authorization}")
        status, answer = server.answers.get(operation, (200, {}))
        with server.lock:
            server.calls.append((operation, parameters, status))
            server.problems += problems
        payload = json.dumps(answer).encode() if target else b"<PublishResponse/>"
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0" if target else "text/xml")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class Outboxes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("targets-outbox").start()
        cls.events = h.events_client(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def outbox(self, service, name):
        return os.path.join(self.server.data_dir, "outbox", service, name + ".jsonl")

    def test_five_targets_each_get_the_request_its_service_would(self):
        self.events.put_rule(Name="five", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="five", Targets=[
            {"Id": "queue", "Arn": SQS},
            {"Id": "topic", "Arn": SNS, "InputPath": "$.detail"},
            {"Id": "stream", "Arn": KINESIS, "KinesisParameters": {"PartitionKeyPath": "$.detail.order"}},
            {"Id": "lake", "Arn": FIREHOSE,
             "InputTransformer": {"InputPathsMap": {"o": "$.detail.order"}, "InputTemplate": '{"order": <o>}'}},
            {"Id": "log", "Arn": LOGS},
        ])
        # A sixth target: the whole call fails, as AWS answers past 5 targets a rule.
        with self.assertRaises(ClientError) as refused:
            self.events.put_targets(Rule="five", Targets=[{"Id": "sixth", "Arn": f"arn:aws:sqs:{ARN}:more"}])
        self.assertEqual(refused.exception.response["Error"]["Code"], "LimitExceededException")
        self.assertEqual(len(self.events.list_targets_by_rule(Rule="five")["Targets"]), 5)

        for restart in (False, True):
            if restart:
                self.server.restart()  # the targets are stored: the same lines after a restart
            event_id = put(self.events, detail={"order": f"o-{int(restart)}"})
            count = 2 if restart else 1
            sqs = wait_for("SQS outbox line", lambda: len(read_lines(self.outbox("sqs", "orders"))) >= count
                           and read_lines(self.outbox("sqs", "orders")), server=self.server)
            self.assertEqual(sqs[-1]["QueueUrl"], f"https://sqs.{h.REGION}.amazonaws.com/{h.ACCOUNT}/orders")
            self.assertEqual(json.loads(sqs[-1]["MessageBody"])["id"], event_id)
            sns = wait_for("SNS outbox line", lambda: len(read_lines(self.outbox("sns", "alerts"))) >= count
                           and read_lines(self.outbox("sns", "alerts")), server=self.server)
            self.assertEqual(sns[-1], {"TopicArn": SNS, "Message": json.dumps({"order": f"o-{int(restart)}"},
                                                                              separators=(",", ":"))})
            kinesis = wait_for("Kinesis outbox line", lambda: len(read_lines(self.outbox("kinesis", "clicks"))) >= count
                               and read_lines(self.outbox("kinesis", "clicks")), server=self.server)
            self.assertEqual(kinesis[-1]["StreamName"], "clicks")
            self.assertEqual(kinesis[-1]["PartitionKey"], f"o-{int(restart)}")
            self.assertEqual(json.loads(base64.b64decode(kinesis[-1]["Data"]))["id"], event_id)
            lake = wait_for("Firehose outbox line", lambda: len(read_lines(self.outbox("firehose", "lake"))) >= count
                            and read_lines(self.outbox("firehose", "lake")), server=self.server)
            self.assertEqual(json.loads(base64.b64decode(lake[-1]["Record"]["Data"])), {"order": f"o-{int(restart)}"})
            self.assertEqual(lake[-1]["DeliveryStreamName"], "lake")
            log_file = os.path.join(self.server.data_dir, "logs", "shop-orders.jsonl")
            logs = wait_for("log line", lambda: len(read_lines(log_file)) >= count and read_lines(log_file), server=self.server)
            self.assertEqual(logs[-1]["id"], event_id)

    def test_fifo_queues_and_what_is_not_applied_are_refused_by_name(self):
        self.events.put_rule(Name="strict", EventPattern=json.dumps({"source": ["strict"]}))

        def refusal(target):
            with self.assertRaises(ClientError) as refused:
                self.events.put_targets(Rule="strict", Targets=[target])
            return refused.exception.response["Error"]

        fifo = f"arn:aws:sqs:{ARN}:orders.fifo"
        self.assertEqual(refusal({"Id": "f", "Arn": fifo}),
                         {"Code": "ValidationException",
                          "Message": "Parameter(s) SqsParameters must be specified for target: f."})
        error = refusal({"Id": "e", "Arn": f"arn:aws:ecs:{ARN}:cluster/c",
                         "EcsParameters": {"TaskDefinitionArn": f"arn:aws:ecs:{ARN}:task-definition/t"}})
        self.assertEqual(error["Code"], "ValidationException")
        self.assertIn("EcsParameters", error["Message"])
        error = refusal({"Id": "b", "Arn": f"arn:aws:batch:{ARN}:job-queue/q"})
        self.assertIn(f"does not deliver to arn:aws:batch:{ARN}:job-queue/q", error["Message"])
        error = refusal({"Id": "both", "Arn": SQS, "Input": "{}", "InputPath": "$.detail"})
        self.assertEqual(error["Code"], "ValidationException")
        # RetryPolicy outside AWS's ranges (sent past boto3's own validation).
        # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
        import boto3
        from botocore.config import Config
        unchecked = boto3.client("events", endpoint_url=self.server.sdk_endpoint, region_name=h.REGION,
                                 aws_access_key_id="test", aws_secret_access_key="test",
                                 config=Config(parameter_validation=False, retries={"max_attempts": 0}))
        for policy in ({"MaximumEventAgeInSeconds": 59}, {"MaximumRetryAttempts": 186}):
            with self.assertRaises(ClientError) as refused:
                unchecked.put_targets(Rule="strict", Targets=[{"Id": "r", "Arn": SQS, "RetryPolicy": policy}])
            self.assertEqual(refused.exception.response["Error"]["Code"], "ValidationException")
        self.assertEqual(self.events.list_targets_by_rule(Rule="strict")["Targets"], [])

        self.events.put_targets(Rule="strict", Targets=[{"Id": "f", "Arn": fifo,
                                                         "SqsParameters": {"MessageGroupId": "orders"}}])
        put(self.events, source="strict")
        line = wait_for("FIFO outbox line", lambda: read_lines(self.outbox("sqs", "orders.fifo")), server=self.server)[0]
        self.assertEqual(line["MessageGroupId"], "orders")
        # No MessageDeduplicationId: AWS needs content-based deduplication on the queue (API_Target.html).
        self.assertNotIn("MessageDeduplicationId", line)


class Endpoints(unittest.TestCase):
    def setUp(self):
        self.fake = FakeServices()
        self.addCleanup(self.fake.shutdown)

    def start(self, endpoints, **kwargs):
        server = h.Server("targets-endpoints", project=project_with(endpoints), **kwargs).start()
        self.addCleanup(server.kill)
        return server, h.events_client(server)

    def test_sqs_and_sns_go_to_their_endpoints_signed_kinesis_to_its_outbox(self):
        server, events = self.start({"sqs": self.fake.url, "sns": self.fake.url})
        events.put_rule(Name="r", EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": SQS}, {"Id": "t", "Arn": SNS},
                                              {"Id": "k", "Arn": KINESIS}])
        event_id = put(events)
        sent = wait_for("SendMessage", lambda: self.fake.of("SendMessage"), server=server)
        self.assertEqual(sent[0][0]["QueueUrl"], f"https://sqs.{h.REGION}.amazonaws.com/{h.ACCOUNT}/orders")
        self.assertEqual(json.loads(sent[0][0]["MessageBody"])["id"], event_id)
        published = wait_for("Publish", lambda: self.fake.of("Publish"), server=server)
        self.assertEqual(published[0][0]["TopicArn"], SNS)
        self.assertEqual(json.loads(published[0][0]["Message"])["id"], event_id)
        kinesis = os.path.join(server.data_dir, "outbox", "kinesis", "clicks.jsonl")
        self.assertEqual(json.loads(base64.b64decode(
            wait_for("Kinesis outbox line", lambda: read_lines(kinesis), server=server)[0]["Data"]))["id"], event_id)
        self.assertEqual(self.fake.problems, [])
        self.assertFalse(os.path.exists(os.path.join(server.data_dir, "outbox", "sqs", "orders.jsonl")))
        self.assertFalse(os.path.exists(os.path.join(server.data_dir, "outbox", "sns", "alerts.jsonl")))

    def test_a_failing_endpoint_is_retried_then_dead_lettered_to_the_queue_outbox(self):
        self.fake.answers["PutRecord"] = (500, {"__type": "InternalFailure", "message": "stream is down"})
        server, events = self.start({"kinesis": self.fake.url})
        events.put_rule(Name="r", EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule="r", Targets=[{"Id": "k", "Arn": KINESIS, "RetryPolicy": {"MaximumRetryAttempts": 2},
                                               "DeadLetterConfig": {"Arn": DLQ}}])
        rule_arn = events.describe_rule(Name="r")["Arn"]
        event_id = put(events)
        dlq = os.path.join(server.data_dir, "outbox", "sqs", "dlq.jsonl")
        line = wait_for("dead letter in the DLQ's outbox", lambda: read_lines(dlq), server=server)[0]
        self.assertEqual(len(self.fake.of("PutRecord")), 3)  # the first attempt and two retries
        self.assertEqual(json.loads(line["MessageBody"])["id"], event_id)
        attributes = {name: a["StringValue"] for name, a in line["MessageAttributes"].items()}
        self.assertEqual(attributes["RULE_ARN"], rule_arn)
        self.assertEqual(attributes["TARGET_ARN"], KINESIS)
        self.assertEqual(attributes["ERROR_CODE"], "SDK_CLIENT_ERROR")
        self.assertIn("stream is down", attributes["ERROR_MESSAGE"])
        self.assertEqual(attributes["EXHAUSTED_RETRY_CONDITION"], "MaximumRetryAttempts")
        self.assertEqual(attributes["RETRY_ATTEMPTS"], "2")
        self.assertEqual(self.fake.problems, [])

    def test_a_delivery_failing_at_a_stop_is_delivered_after_the_restart(self):
        # Real time: back-off of 1 s, 2 s, ... so the delivery is still pending when the server stops.
        self.fake.answers["PutRecord"] = (503, {"__type": "ServiceUnavailable", "message": "later"})
        server, events = self.start({"firehose": self.fake.url}, virtual_time=False)
        events.put_rule(Name="r", EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule="r", Targets=[{"Id": "f", "Arn": FIREHOSE}])
        event_id = put(events)
        wait_for("a failed PutRecord", lambda: self.fake.of("PutRecord"), server=server)
        server.stop()
        self.fake.answers["PutRecord"] = (200, {"RecordId": "r-1"})
        server.start()
        delivered = wait_for("PutRecord after the restart", lambda: self.fake.of("PutRecord", ok_only=True), server=server)
        self.assertEqual(json.loads(base64.b64decode(delivered[0][0]["Record"]["Data"]))["id"], event_id)
        self.assertEqual(delivered[0][0]["DeliveryStreamName"], "lake")
        self.assertEqual(self.fake.problems, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
