#!/usr/bin/python3
"""EventBridge archives and replays end to end: Debian's boto3 against `stepwise serve`.

Usage: test_events_archives.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

ArchiveApi (one virtual-time server): CreateArchive/DescribeArchive/ListArchives/UpdateArchive/
  DeleteArchive and their errors; StartReplay/DescribeReplay/ListReplays/CancelReplay and their
  errors; events archived by pattern, a replay into one rule (FilterArns) with `replay-name`, the
  replayed events not archived again; archives and replays after a restart.
ExampleArchive (serve --project with the example's real handlers, events/setup.sh): an archive of
  the example's OrderCancellationUpdated events over two runs an hour apart, a replay of the first
  run's window into a second rule (a log group): exactly that run's events, each with replay-name.
DeleteArchiveRacesPutEvents: CreateArchive/DeleteArchive in a loop beside PutEvents batches; no
  archived event is left without its archive or a deletion marker, and a restart purges them all.

AWS's behaviour pinned here:
  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
  https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html (replayed events
    are not archived; RetentionDays 0 = indefinitely; ArchiveName 1-48 characters)
  https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html
  https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ReplayDestination.html (only to the
    archive's own bus)
  https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CancelReplay.html (IllegalStatusException)
"""
import datetime
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from harness import wait_for  # noqa: E402

h.require_boto3()
h.model_dir()

from botocore.exceptions import ClientError  # noqa: E402

BUS_ARN = f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:event-bus/"
ARCHIVE_ARN = f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:archive/"
RULE_ARN = f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:rule/"
LOG_ARN = f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:"
SM = f"arn:aws:states:{h.REGION}:{h.ACCOUNT}:stateMachine:"
EVENTS_DIR = os.path.join(h.EXAMPLE, "events")
UPDATE_SOURCE = "vehicle-orders.order-cancellation"
UPDATE_TYPE = "OrderCancellationUpdated"
UPDATES_LOG = "order-cancellation-updates"


def read_log(server, name):
    return h.read_json_lines(os.path.join(server.data_dir, "logs", name + ".jsonl"))


def clock(server, advance=None):
    url = server.endpoint + "/_stepwise/clock"
    data = None if advance is None else json.dumps({"advanceSeconds": advance}).encode()
    req = urllib.request.Request(url, method="GET" if data is None else "POST", data=data,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8") or "null")


def event_time(event):
    return datetime.datetime.fromisoformat(event["time"].replace("Z", "+00:00"))


class ArchiveApi(unittest.TestCase):
    """The archive and replay operations on one virtual-time server (restarted by the last test)."""

    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("archives-api").start()
        cls.events = h.events_client(cls.server)
        cls.events.create_event_bus(Name="shop")

    def error(self, call, code, message=None, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        err = raised.exception.response["Error"]
        self.assertEqual(err["Code"], code, err)
        self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        if message is not None:
            self.assertEqual(err["Message"], message)
        return err["Message"]

    def put_log_rule(self, name, pattern, bus="shop"):
        arn = self.events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(pattern))["RuleArn"]
        self.events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "log", "Arn": LOG_ARN + name}])
        return arn

    def put(self, n, kind="OrderPlaced", bus="shop", when=None):
        entry = {"Source": "e2e.shop", "DetailType": kind, "Detail": json.dumps({"n": n}), "EventBusName": bus}
        if when is not None:
            entry["Time"] = when
        r = self.events.put_events(Entries=[entry])
        self.assertEqual(r["FailedEntryCount"], 0, r)
        return r["Entries"][0]["EventId"]

    def test_1_archive_operations_and_errors(self):
        created = self.events.create_archive(ArchiveName="crud", EventSourceArn=BUS_ARN + "shop",
                                             Description="all of shop", RetentionDays=0)
        self.assertEqual(created["ArchiveArn"], ARCHIVE_ARN + "crud")
        self.assertEqual(created["State"], "ENABLED")
        described = self.events.describe_archive(ArchiveName="crud")
        self.assertEqual(described["ArchiveName"], "crud")
        self.assertEqual(described["EventSourceArn"], BUS_ARN + "shop")
        self.assertEqual(described["Description"], "all of shop")
        self.assertEqual(described["RetentionDays"], 0)
        self.assertEqual((described["EventCount"], described["SizeBytes"]), (0, 0))
        self.assertNotIn("EventPattern", described)
        self.assertIsInstance(described["CreationTime"], datetime.datetime)

        self.error(self.events.create_archive, "ResourceAlreadyExistsException", "Archive crud already exists.",
                   ArchiveName="crud", EventSourceArn=BUS_ARN + "shop")
        self.error(self.events.create_archive, "ResourceNotFoundException", "Event bus nowhere does not exist.",
                   ArchiveName="lost", EventSourceArn=BUS_ARN + "nowhere")
        self.error(self.events.create_archive, "InvalidEventPatternException",
                   ArchiveName="bad", EventSourceArn=BUS_ARN + "shop", EventPattern='{"source": "not-a-list"}')
        message = self.error(self.events.create_archive, "ValidationException",
                             ArchiveName="x" * 49, EventSourceArn=BUS_ARN + "shop")
        self.assertIn("archiveName", message)

        self.events.update_archive(ArchiveName="crud", Description="orders only", RetentionDays=7,
                                   EventPattern=json.dumps({"detail-type": ["OrderPlaced"]}))
        described = self.events.describe_archive(ArchiveName="crud")
        self.assertEqual((described["Description"], described["RetentionDays"]), ("orders only", 7))
        self.assertEqual(json.loads(described["EventPattern"]), {"detail-type": ["OrderPlaced"]})
        self.error(self.events.update_archive, "InvalidEventPatternException",
                   ArchiveName="crud", EventPattern="{not json")
        self.error(self.events.update_archive, "ResourceNotFoundException", "Archive ghost does not exist.",
                   ArchiveName="ghost", Description="x")

        self.events.create_archive(ArchiveName="crud-2", EventSourceArn=BUS_ARN + "default")
        names = [a["ArchiveName"] for a in self.events.list_archives(NamePrefix="crud")["Archives"]]
        self.assertEqual(names, ["crud", "crud-2"])
        by_source = self.events.list_archives(EventSourceArn=BUS_ARN + "default")["Archives"]
        self.assertEqual([a["ArchiveName"] for a in by_source], ["crud-2"])
        page = self.events.list_archives(NamePrefix="crud", Limit=1)
        self.assertEqual([a["ArchiveName"] for a in page["Archives"]], ["crud"])
        rest = self.events.list_archives(NamePrefix="crud", Limit=1, NextToken=page["NextToken"])
        self.assertEqual([a["ArchiveName"] for a in rest["Archives"]], ["crud-2"])
        self.error(self.events.list_archives, "ValidationException",
                   "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.",
                   NamePrefix="crud", State="ENABLED")

        self.events.delete_archive(ArchiveName="crud-2")
        self.error(self.events.describe_archive, "ResourceNotFoundException", "Archive crud-2 does not exist.",
                   ArchiveName="crud-2")
        self.error(self.events.delete_archive, "ResourceNotFoundException", ArchiveName="crud-2")

    def test_1b_unsupported_members_fail_naming_them(self):
        # KmsKeyIdentifier (newer models) is not supported: refused, never accepted and ignored.
        body = json.dumps({"ArchiveName": "kms", "EventSourceArn": BUS_ARN + "shop",
                           "KmsKeyIdentifier": "alias/mine"}).encode()
        req = urllib.request.Request(self.server.endpoint + "/", data=body, method="POST", headers={
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents.CreateArchive"})
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(req, timeout=30)
        self.assertEqual(raised.exception.code, 400)
        answer = json.loads(raised.exception.read().decode())
        self.assertEqual(answer["__type"], "ValidationException")
        self.assertIn("KmsKeyIdentifier", answer["message"])
        self.error(self.events.describe_archive, "ResourceNotFoundException", ArchiveName="kms")

    def test_2_replay_errors(self):
        self.events.create_archive(ArchiveName="errs", EventSourceArn=BUS_ARN + "shop")
        start, end = datetime.datetime(2026, 1, 1), datetime.datetime(2026, 1, 2)
        good = dict(ReplayName="r-errs", EventSourceArn=ARCHIVE_ARN + "errs", EventStartTime=start,
                    EventEndTime=end, Destination={"Arn": BUS_ARN + "shop"})
        self.error(self.events.start_replay, "ValidationException",
                   "Parameter EventSourceArn is not valid. Reason: Archive nothing does not exist.",
                   **dict(good, EventSourceArn=ARCHIVE_ARN + "nothing"))
        self.error(self.events.start_replay, "ValidationException",
                   "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.",
                   **dict(good, EventStartTime=end, EventEndTime=start))
        self.error(self.events.start_replay, "ValidationException",
                   "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.",
                   **dict(good, Destination={"Arn": BUS_ARN + "default"}))
        self.error(self.events.start_replay, "ResourceNotFoundException", "Event bus nowhere does not exist.",
                   **dict(good, Destination={"Arn": BUS_ARN + "nowhere"}))
        self.error(self.events.start_replay, "ValidationException",
                   "Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.",
                   **dict(good, Destination={"Arn": RULE_ARN + "shop/x"}))
        self.error(self.events.start_replay, "ValidationException",
                   **dict(good, Destination={"Arn": BUS_ARN + "shop", "FilterArns": [RULE_ARN + "shop/no-rule"]}))
        started = self.events.start_replay(**good)
        self.assertEqual(started["ReplayArn"], f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:replay/r-errs")
        self.assertEqual(started["State"], "STARTING")
        self.error(self.events.start_replay, "ResourceAlreadyExistsException", "Replay r-errs already exists.", **good)
        wait_for("COMPLETED", lambda: self.events.describe_replay(ReplayName="r-errs")["State"] == "COMPLETED",
                 server=self.server)
        self.error(self.events.cancel_replay, "IllegalStatusException",
                   "Replay r-errs is not in a valid state for this operation.", ReplayName="r-errs")
        self.error(self.events.describe_replay, "ResourceNotFoundException", "Replay ghost does not exist.",
                   ReplayName="ghost")
        self.error(self.events.cancel_replay, "ResourceNotFoundException", ReplayName="ghost")
        self.error(self.events.list_replays, "ValidationException",
                   NamePrefix="r-", EventSourceArn=ARCHIVE_ARN + "errs")
        listed = self.events.list_replays(EventSourceArn=ARCHIVE_ARN + "errs")["Replays"]
        self.assertEqual([(r["ReplayName"], r["State"]) for r in listed], [("r-errs", "COMPLETED")])

    def test_3_archive_then_replay_into_one_rule(self):
        self.events.create_archive(ArchiveName="orders", EventSourceArn=BUS_ARN + "shop",
                                   EventPattern=json.dumps({"detail-type": ["OrderPlaced"]}))
        live = self.put_log_rule("live", {"source": ["e2e.shop"]})
        replays = self.put_log_rule("replays", {"source": ["e2e.shop"], "replay-name": [{"exists": True}]})
        now = datetime.datetime.fromisoformat(clock(self.server)["now"].replace("Z", "+00:00"))
        base = now - datetime.timedelta(hours=2)
        ids = {n: self.put(n, when=base + datetime.timedelta(minutes=n)) for n in range(1, 6)}
        self.put(99, kind="OrderShipped", when=base + datetime.timedelta(minutes=3))  # not archived: pattern
        wait_for("live deliveries", lambda: len(read_log(self.server, "live")) == 6, server=self.server)
        archive = self.events.describe_archive(ArchiveName="orders")
        self.assertEqual(archive["EventCount"], 5)
        self.assertGreater(archive["SizeBytes"], 0)

        # Minutes 2, 3 and 4 (end exclusive), to the `replays` rule only.
        self.events.start_replay(ReplayName="orders-2-4", EventSourceArn=ARCHIVE_ARN + "orders",
                                 EventStartTime=base + datetime.timedelta(minutes=2),
                                 EventEndTime=base + datetime.timedelta(minutes=4, seconds=30),
                                 Destination={"Arn": BUS_ARN + "shop", "FilterArns": [replays]})
        done = wait_for("the replay's end", lambda: (lambda r: r if r["State"] == "COMPLETED" else None)(
            self.events.describe_replay(ReplayName="orders-2-4")), server=self.server)
        self.assertEqual(done["Destination"], {"Arn": BUS_ARN + "shop", "FilterArns": [replays]})
        self.assertEqual(done["EventLastReplayedTime"], base + datetime.timedelta(minutes=4))
        self.assertIn("ReplayEndTime", done)
        got = wait_for("3 replayed events", lambda: (lambda ls: ls if len(ls) >= 3 else None)(
            read_log(self.server, "replays")), server=self.server)
        time.sleep(0.3)
        got = read_log(self.server, "replays")
        self.assertEqual([e["detail"]["n"] for e in got], [2, 3, 4], "in order, only the window")
        self.assertEqual([e["id"] for e in got], [ids[2], ids[3], ids[4]], "the archived events themselves")
        self.assertEqual({e["replay-name"] for e in got}, {"orders-2-4"})
        self.assertEqual(list(got[0])[-1], "replay-name")
        self.assertEqual(len(read_log(self.server, "live")), 6, "FilterArns: the live rule got none")
        self.assertEqual(self.events.describe_archive(ArchiveName="orders")["EventCount"], 5,
                         "replayed events are not archived")
        self.assertTrue(live)

    def test_4_restart_keeps_archives_and_replays(self):
        before = self.events.describe_archive(ArchiveName="orders")
        self.server.restart()
        after = self.events.describe_archive(ArchiveName="orders")
        for key in ("ArchiveArn", "EventCount", "SizeBytes", "EventPattern", "CreationTime", "RetentionDays"):
            self.assertEqual(after[key], before[key], key)
        replay = self.events.describe_replay(ReplayName="orders-2-4")
        self.assertEqual(replay["State"], "COMPLETED")
        # The archive still replays: every event, to every rule of the bus.
        self.events.start_replay(ReplayName="orders-all", EventSourceArn=ARCHIVE_ARN + "orders",
                                 EventStartTime=datetime.datetime(2000, 1, 1),
                                 EventEndTime=datetime.datetime(2100, 1, 1), Destination={"Arn": BUS_ARN + "shop"})
        wait_for("COMPLETED", lambda: self.events.describe_replay(ReplayName="orders-all")["State"] == "COMPLETED",
                 server=self.server)
        got = wait_for("5 more replays", lambda: (lambda ls: ls if len(ls) >= 8 else None)(
            read_log(self.server, "replays")), server=self.server)
        self.assertEqual([e["detail"]["n"] for e in got[3:]], [1, 2, 3, 4, 5])
        wait_for("5 more live", lambda: len(read_log(self.server, "live")) == 11, server=self.server)


def archive_rows(server):
    """(archived event kinds with their row counts, live generations' kinds, deletion markers) in the store."""
    import sqlite3
    with sqlite3.connect(os.path.join(server.data_dir, "stepwise.db")) as db:
        kinds = dict(db.execute("SELECT kind, COUNT(*) FROM documents WHERE kind LIKE 'archived_event/%' GROUP BY kind"))
        live = {f"archived_event/{a['ArchiveName']}/{a['Generation']}"
                for (body,) in db.execute("SELECT body FROM documents WHERE kind = 'event_archive'")
                for a in [json.loads(body)]}
        marked = {kind for (kind,) in db.execute("SELECT id FROM documents WHERE kind = 'event_archive_deleted'")}
    return kinds, live, marked


class DeleteArchiveRacesPutEvents(unittest.TestCase):
    """DeleteArchive while PutEvents batches are archived: no event is left behind (the events an
    archive is deleted with are staged before, and may be committed after, its sweep)."""

    def test_no_archived_event_outlives_its_archive(self):
        import threading
        server = h.Server("archives-race").start()
        events = h.events_client(server)
        stop = threading.Event()
        failures = []

        def putter():
            client = h.events_client(server)
            while not stop.is_set():
                r = client.put_events(Entries=[{"Source": "race", "DetailType": "t", "Detail": "{}"}] * 10)
                if r["FailedEntryCount"]:
                    failures.append(r)

        threads = [threading.Thread(target=putter) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            for _ in range(40):
                events.create_archive(ArchiveName="race", EventSourceArn=BUS_ARN + "default")
                events.delete_archive(ArchiveName="race")
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertEqual(failures, [])
        self.assertEqual(server.stop(), 0)
        kinds, live, marked = archive_rows(server)
        self.assertEqual(live, set())
        self.assertEqual({k: n for k, n in kinds.items() if k not in marked}, {}, "archived events with no archive "
                         "and no deletion marker: never purged")
        # The next start's sweep empties every deleted archive's kind and drops its marker.
        server.start()
        wait_for("the deleted archives purged", lambda: archive_rows(server) == ({}, set(), set()), server=server)
        server.stop()


class ExampleArchive(unittest.TestCase):
    """The example's OrderCancellationUpdated events archived, and one run's window replayed."""

    @classmethod
    def setUpClass(cls):
        os.environ["CANCELLATION_UPDATES_DIR"] = h.tmp_path("archive-updates")
        os.environ["ORDER_WAIT_MS"] = "15000"
        cls.server = h.Server("archives-example", project=os.path.join(h.EXAMPLE, "stepwise.json"),
                              extra=["--schema-dir", os.path.join(EVENTS_DIR, "schemas")]).start()
        cls.events = h.events_client(cls.server)
        cls.sfn = cls.server.client()
        proc = subprocess.run(["bash", os.path.join(EVENTS_DIR, "setup.sh"), cls.server.endpoint],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise AssertionError(f"events/setup.sh failed:\n{proc.stdout}\n{proc.stderr}\n" + cls.server.stderr_tail())

    def run_example(self, input_file, name):
        with open(os.path.join(h.EXAMPLE, input_file), encoding="utf-8") as f:
            text = f.read()
        arn = self.sfn.start_execution(stateMachineArn=SM + "VehicleOrderCancellation", name=name,
                                       input=text)["executionArn"]
        h.wait_done(self.sfn, arn)
        # Its updates: started, then succeeded or failed.
        return wait_for(f"2 updates of {name}", lambda: (lambda mine: mine if len(mine) >= 2 else None)(
            [e for e in read_log(self.server, UPDATES_LOG) if e["detail"]["data"]["id"] == arn]), server=self.server)

    def test_replay_one_run_of_the_example(self):
        self.events.create_archive(
            ArchiveName="order-cancellation-updates", EventSourceArn=BUS_ARN + "default",
            EventPattern=json.dumps({"source": [UPDATE_SOURCE], "detail-type": [UPDATE_TYPE]}))
        first = self.run_example("input.json", "eligible")
        clock(self.server, advance=3600)
        second = self.run_example("input-ineligible.json", "ineligible")
        archive = self.events.describe_archive(ArchiveName="order-cancellation-updates")
        self.assertEqual(archive["EventCount"], len(first) + len(second), "every update, no status change")

        rule = self.events.put_rule(Name="OrderCancellationReplays", EventPattern=json.dumps(
            {"source": [UPDATE_SOURCE], "replay-name": [{"exists": True}]}))["RuleArn"]
        self.events.put_targets(Rule="OrderCancellationReplays",
                                Targets=[{"Id": "log", "Arn": LOG_ARN + "order-cancellation-replays"}])
        start = min(event_time(e) for e in first)
        end = max(event_time(e) for e in first) + datetime.timedelta(seconds=1)
        self.assertLess(end, min(event_time(e) for e in second))
        updates_before = len(read_log(self.server, UPDATES_LOG))
        self.events.start_replay(ReplayName="first-run", EventSourceArn=ARCHIVE_ARN + "order-cancellation-updates",
                                 EventStartTime=start, EventEndTime=end,
                                 Destination={"Arn": BUS_ARN + "default", "FilterArns": [rule]})
        wait_for("COMPLETED", lambda: self.events.describe_replay(ReplayName="first-run")["State"] == "COMPLETED",
                 server=self.server)
        replayed = wait_for("the replayed updates", lambda: (lambda ls: ls if len(ls) >= len(first) else None)(
            read_log(self.server, "order-cancellation-replays")), server=self.server)
        time.sleep(0.3)
        replayed = read_log(self.server, "order-cancellation-replays")
        self.assertEqual(sorted(e["id"] for e in replayed), sorted(e["id"] for e in first))
        for event in replayed:
            self.assertEqual(event["replay-name"], "first-run")
            original = next(e for e in first if e["id"] == event["id"])
            self.assertEqual({k: v for k, v in event.items() if k != "replay-name"}, original)
        self.assertEqual(len(read_log(self.server, UPDATES_LOG)), updates_before, "only the FilterArns rule")
        self.assertEqual(self.events.describe_archive(ArchiveName="order-cancellation-updates")["EventCount"],
                         archive["EventCount"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
