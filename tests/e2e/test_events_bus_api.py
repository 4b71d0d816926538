#!/usr/bin/python3
"""The rest of the EventBridge bus API end to end: Debian's boto3 with the merged model
(models/events-additions.json adds UpdateEventBus and the bus's newer members).

Usage: test_events_bus_api.py [STEPWISE_BIN [SOURCE_DIR]] [unittest args]

One virtual-time server with a data dir, restarted where a test says so:
  CreateEventBus with Description/KmsKeyIdentifier/DeadLetterConfig/Tags, DescribeEventBus,
  ListEventBuses, UpdateEventBus, their errors, all kept across a restart;
  TagResource/UntagResource/ListTagsForResource on buses and rules (limits, unknown ARNs,
  tags gone with the resource); PutPermission/RemovePermission and the policy enforced on
  PutEvents signed by another account (a 12-digit access key id), across a restart; a rule
  whose target is a bus of another account dead-lettered; a disabled schedule rule that does
  not fire on the virtual clock, and a disabled rule on a custom bus (named by ARN) that
  matches nothing; ListRuleNamesByTarget paging on a custom bus; partner event sources (both
  sides, PutPartnerEvents to the partner bus); global endpoints (kept, described, PutEvents with
  an EndpointId routed to the primary bus).
"""
import json
import os
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from harness import read_json_lines as read_lines, wait_for  # noqa: E402

h.require_boto3()
h.model_dir()

from botocore.exceptions import ClientError  # noqa: E402

OTHER = "111122223333"      # an account allowed by the policies below
STRANGER = "444455556666"   # an account no policy allows


def bus_arn(name):
    return f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:event-bus/{name}"


def log_arn(group):
    return f"arn:aws:logs:{h.REGION}:{h.ACCOUNT}:log-group:{group}"


def advance_clock(server, seconds):
    import urllib.request
    req = urllib.request.Request(server.endpoint + "/_stepwise/clock", method="POST",
                                 data=json.dumps({"advanceSeconds": seconds}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8") or "null")


def raw_call(server, operation, body):
    """An unsigned AWS JSON 1.1 call: (HTTP status, the answer's JSON)."""
    import urllib.error
    import urllib.request
    req = urllib.request.Request(server.endpoint + "/", method="POST", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/x-amz-json-1.1",
                                          "X-Amz-Target": "AWSEvents." + operation})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8") or "null")


def events_client(server, access_key="test", validate=True):
    """An EventBridge client signing with `access_key` (12 digits: that account is the caller)."""
    import boto3
    from botocore.config import Config
    config = Config(region_name=h.REGION, retries={"max_attempts": 0, "mode": "standard"},
                    parameter_validation=validate, connect_timeout=10, read_timeout=60)
    return h.ProxyClient(server, lambda: boto3.client(
        "events", endpoint_url=server.sdk_endpoint, config=config,
        aws_access_key_id=access_key, aws_secret_access_key="test", region_name=h.REGION))


class BusApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = h.Server("events-bus-api").start()
        cls.events = events_client(cls.server)
        cls.raw = events_client(cls.server, validate=False)  # requests boto3 would refuse itself
        cls.other = events_client(cls.server, OTHER)
        cls.stranger = events_client(cls.server, STRANGER)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def error(self, call, *args, **kwargs):
        with self.assertRaises(ClientError) as c:
            call(*args, **kwargs)
        code, status, message = h.error_of(c.exception)
        return code, status, message

    def log_lines(self, group):
        return read_lines(os.path.join(self.server.data_dir, "logs", group + ".jsonl"))

    def put(self, client, bus, n, source="e2e.bus-api"):
        return client.put_events(Entries=[{"Source": source, "DetailType": "T", "Detail": json.dumps({"n": n}),
                                           "EventBusName": bus}])

    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateEventBus.html
    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeEventBus.html
    def test_bus_settings_kept_updated_and_restarted(self):
        dlq = f"arn:aws:sqs:{h.REGION}:{h.ACCOUNT}:bus-dlq"
        created = self.events.create_event_bus(Name="e2e-settings", Description="orders of the shop",
                                               KmsKeyIdentifier="alias/e2e-orders",
                                               DeadLetterConfig={"Arn": dlq},
                                               Tags=[{"Key": "team", "Value": "orders"}])
        self.assertEqual(created["EventBusArn"], bus_arn("e2e-settings"))
        self.assertEqual((created["Description"], created["KmsKeyIdentifier"], created["DeadLetterConfig"]),
                         ("orders of the shop", "alias/e2e-orders", {"Arn": dlq}))
        d = self.events.describe_event_bus(Name="e2e-settings")
        self.assertEqual((d["Name"], d["Arn"], d["Description"], d["KmsKeyIdentifier"], d["DeadLetterConfig"]),
                         ("e2e-settings", bus_arn("e2e-settings"), "orders of the shop", "alias/e2e-orders",
                          {"Arn": dlq}))
        self.assertNotIn("Policy", d)
        self.assertEqual(d["CreationTime"], d["LastModifiedTime"])
        listed = [b for b in self.events.list_event_buses(NamePrefix="e2e-settings")["EventBuses"]]
        self.assertEqual([(b["Name"], b["Description"]) for b in listed], [("e2e-settings", "orders of the shop")])
        self.assertEqual(listed[0]["CreationTime"], d["CreationTime"])

        advance_clock(self.server, 60)  # so that LastModifiedTime moves on the virtual clock
        # Without KmsKeyIdentifier the bus goes back to an AWS owned key; the other settings stay.
        u = self.events.update_event_bus(Name="e2e-settings", Description="all orders")
        self.assertEqual((u["Arn"], u["Name"], u["Description"], u["DeadLetterConfig"]),
                         (bus_arn("e2e-settings"), "e2e-settings", "all orders", {"Arn": dlq}))
        self.assertNotIn("KmsKeyIdentifier", u)
        after = self.events.describe_event_bus(Name=bus_arn("e2e-settings"))
        self.assertEqual(after["Description"], "all orders")
        self.assertNotIn("KmsKeyIdentifier", after)
        self.assertGreater(after["LastModifiedTime"], after["CreationTime"])
        self.assertEqual(after["CreationTime"], d["CreationTime"])
        # The default bus keeps settings too.
        self.events.update_event_bus(Description="the default bus", KmsKeyIdentifier="alias/default-key")

        self.server.restart()
        again = self.events.describe_event_bus(Name="e2e-settings")
        for key in ("Name", "Arn", "Description", "DeadLetterConfig", "CreationTime", "LastModifiedTime"):
            self.assertEqual(again[key], after[key], key)
        self.assertNotIn("KmsKeyIdentifier", again)
        default = self.events.describe_event_bus()
        self.assertEqual((default["Name"], default["Description"], default["KmsKeyIdentifier"]),
                         ("default", "the default bus", "alias/default-key"))
        tags = self.events.list_tags_for_resource(ResourceARN=bus_arn("e2e-settings"))["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "orders"}])

    def test_bus_errors(self):
        self.events.create_event_bus(Name="e2e-twice")
        self.assertEqual(self.error(self.events.create_event_bus, Name="e2e-twice")[:2],
                         ("ResourceAlreadyExistsException", 400))
        self.assertEqual(self.error(self.events.describe_event_bus, Name="e2e-missing")[:2],
                         ("ResourceNotFoundException", 400))
        self.assertEqual(self.error(self.events.update_event_bus, Name="e2e-missing", Description="x")[:2],
                         ("ResourceNotFoundException", 400))
        code, _, message = self.error(self.raw.create_event_bus, Name="e2e-long", Description="x" * 513)
        self.assertEqual(code, "ValidationException")
        self.assertIn("description", message)
        code, _, message = self.error(self.raw.update_event_bus, Name="e2e-twice", DeadLetterConfig={"Arn": 5})
        self.assertEqual(code, "SerializationException")
        self.assertIn("DeadLetterConfig", message)
        # The bus's dead-letter queue is an SQS queue, as a target's:
        # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeadLetterConfig.html
        for arn in (f"arn:aws:sns:{h.REGION}:{h.ACCOUNT}:topic", f"arn:aws:lambda:{h.REGION}:{h.ACCOUNT}:function:f"):
            code, _, message = self.error(self.events.create_event_bus, Name="e2e-bad-dlq", DeadLetterConfig={"Arn": arn})
            self.assertEqual(code, "ValidationException")
            self.assertIn("DeadLetterConfig.Arn", message)
            self.assertEqual(self.error(self.events.update_event_bus, Name="e2e-twice",
                                        DeadLetterConfig={"Arn": arn})[0], "ValidationException")
        self.assertEqual(self.error(self.events.describe_event_bus, Name="e2e-bad-dlq")[0], "ResourceNotFoundException")
        self.assertEqual(self.error(self.events.create_event_bus, Name="e2e/slash")[0], "ValidationException")
        # A member of the newest model stepwise does not keep is refused naming it, never ignored
        # (raw: Debian's model has no LogConfig, so boto3 would drop it).
        status, body = raw_call(self.server, "UpdateEventBus", {"Name": "e2e-twice",
                                                               "LogConfig": {"Level": "INFO"}})
        self.assertEqual((status, body["__type"]), (400, "ValidationException"))
        self.assertIn("LogConfig", body["message"])

    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html
    # https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-tagging.html
    def test_tags_on_buses_and_rules(self):
        self.events.create_event_bus(Name="e2e-tagged")
        rule = self.events.put_rule(Name="tagged-rule", EventBusName="e2e-tagged",
                                    EventPattern=json.dumps({"source": ["e2e.tags"]}),
                                    Tags=[{"Key": "owner", "Value": "ops"}])["RuleArn"]
        self.assertEqual(rule, f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:rule/e2e-tagged/tagged-rule")
        self.assertEqual(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"],
                         [{"Key": "owner", "Value": "ops"}])
        self.events.tag_resource(ResourceARN=rule, Tags=[{"Key": "owner", "Value": "dev"},
                                                         {"Key": "cost", "Value": ""}])
        self.assertEqual(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"],
                         [{"Key": "owner", "Value": "dev"}, {"Key": "cost", "Value": ""}])
        self.events.untag_resource(ResourceARN=rule, TagKeys=["owner", "not-there"])
        self.assertEqual(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"], [{"Key": "cost", "Value": ""}])
        default_rule = self.events.put_rule(Name="e2e-tagged-default", EventPattern=json.dumps({"source": ["x"]}))
        self.events.tag_resource(ResourceARN=default_rule["RuleArn"], Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(len(self.events.list_tags_for_resource(ResourceARN=default_rule["RuleArn"])["Tags"]), 1)

        # AWS's limits: 50 tags a resource, keys of 1 to 128 characters, values up to 256.
        fifty = [{"Key": f"k{i}", "Value": "v"} for i in range(49)]
        self.events.tag_resource(ResourceARN=rule, Tags=fifty)
        self.assertEqual(len(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"]), 50)
        code, _, message = self.error(self.events.tag_resource, ResourceARN=rule, Tags=[{"Key": "one-more", "Value": "v"}])
        self.assertEqual(code, "ValidationException")
        self.assertIn("50", message)
        code, _, message = self.error(self.raw.tag_resource, ResourceARN=rule, Tags=[{"Key": "k" * 129, "Value": "v"}])
        self.assertEqual(code, "ValidationException")
        self.assertIn("tags.member.key", message)
        code, _, message = self.error(self.raw.tag_resource, ResourceARN=rule, Tags=[{"Key": "k", "Value": "v" * 257}])
        self.assertEqual(code, "ValidationException")
        self.assertIn("tags.member.value", message)
        self.assertEqual(len(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"]), 50,
                         "a refused request changes nothing")

        for missing in (bus_arn("e2e-no-such-bus"), f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:rule/e2e-no-such-rule",
                        f"arn:aws:events:{h.REGION}:{STRANGER}:event-bus/e2e-tagged", "not-an-arn"):
            for call, args in ((self.events.list_tags_for_resource, {}),
                               (self.events.tag_resource, {"Tags": [{"Key": "k", "Value": "v"}]}),
                               (self.events.untag_resource, {"TagKeys": ["k"]})):
                self.assertEqual(self.error(call, ResourceARN=missing, **args)[:2],
                                 ("ResourceNotFoundException", 400), (missing, call))

        self.server.restart()
        self.assertEqual(len(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"]), 50)
        # Tags go with their resource: a rule or bus made again under the same name has none.
        self.events.delete_rule(Name="tagged-rule", EventBusName="e2e-tagged")
        self.events.put_rule(Name="tagged-rule", EventBusName="e2e-tagged", EventPattern=json.dumps({"source": ["y"]}))
        self.assertEqual(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"], [])
        self.events.tag_resource(ResourceARN=bus_arn("e2e-tagged"), Tags=[{"Key": "k", "Value": "v"}])
        self.events.tag_resource(ResourceARN=rule, Tags=[{"Key": "k", "Value": "v"}])
        self.events.delete_rule(Name="tagged-rule", EventBusName="e2e-tagged")
        self.events.delete_event_bus(Name="e2e-tagged")
        self.events.create_event_bus(Name="e2e-tagged")
        self.events.put_rule(Name="tagged-rule", EventBusName="e2e-tagged", EventPattern=json.dumps({"source": ["y"]}))
        self.assertEqual(self.events.list_tags_for_resource(ResourceARN=bus_arn("e2e-tagged"))["Tags"], [])
        self.assertEqual(self.events.list_tags_for_resource(ResourceARN=rule)["Tags"], [])

    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemovePermission.html
    # https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
    def test_permissions_enforced_for_other_accounts(self):
        self.events.create_event_bus(Name="e2e-shared")
        self.events.put_rule(Name="all", EventBusName="e2e-shared", EventPattern=json.dumps({"source": ["e2e.bus-api"]}))
        self.events.put_targets(Rule="all", EventBusName="e2e-shared", Targets=[{"Id": "log", "Arn": log_arn("e2e-shared")}])
        shared = bus_arn("e2e-shared")

        # No policy: another account is refused, the bus's own account is not.
        code, status, message = self.error(self.put, self.other, shared, 1)
        self.assertEqual((code, status), ("AccessDeniedException", 400))
        self.assertIn(f"arn:aws:iam::{OTHER}:root is not authorized to perform: events:PutEvents on resource: {shared}",
                      message)
        self.assertEqual(self.put(self.events, "e2e-shared", 2)["FailedEntryCount"], 0)

        self.events.put_permission(EventBusName="e2e-shared", Action="events:PutEvents", Principal=OTHER,
                                   StatementId="other-account")
        policy = json.loads(self.events.describe_event_bus(Name="e2e-shared")["Policy"])
        self.assertEqual(policy, {"Version": "2012-10-17", "Statement": [{
            "Sid": "other-account", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
            "Action": "events:PutEvents", "Resource": shared}]})
        listed = self.events.list_event_buses(NamePrefix="e2e-shared")["EventBuses"][0]
        self.assertEqual(json.loads(listed["Policy"]), policy)

        r = self.put(self.other, shared, 3)
        self.assertEqual(r["FailedEntryCount"], 0, r)
        self.assertEqual(self.error(self.put, self.stranger, shared, 4)[0], "AccessDeniedException")
        # A bus named without an ARN is the caller's own account's, which stepwise does not host.
        r = self.put(self.other, "e2e-shared", 5)
        self.assertEqual(r["Entries"][0]["ErrorCode"], "ResourceNotFoundException", r)
        lines = wait_for("the two events", lambda: (lambda ls: ls if len(ls) >= 2 else None)(self.log_lines("e2e-shared")))
        self.assertEqual(sorted((x["detail"]["n"], x["account"]) for x in lines), [(2, h.ACCOUNT), (3, OTHER)],
                         "an event put by another account carries that account")

        # Principal "*" lets any account in; a Condition (an organization) is kept, but stepwise knows
        # no organizations, so it allows nobody (fails closed).
        self.events.put_permission(EventBusName="e2e-shared", Action="events:PutEvents", Principal="*",
                                   StatementId="org", Condition={"Type": "StringEquals", "Key": "aws:PrincipalOrgID",
                                                                 "Value": "o-1234567890"})
        statement = json.loads(self.events.describe_event_bus(Name="e2e-shared")["Policy"])["Statement"][1]
        self.assertEqual(statement, {"Sid": "org", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents",
                                     "Resource": shared,
                                     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1234567890"}}})
        self.assertEqual(self.error(self.put, self.stranger, shared, 6)[0], "AccessDeniedException")
        self.events.put_permission(EventBusName="e2e-shared", Action="events:PutEvents", Principal="*",
                                   StatementId="anyone")
        self.assertEqual(self.put(self.stranger, shared, 7)["FailedEntryCount"], 0)
        self.events.remove_permission(EventBusName="e2e-shared", StatementId="anyone")
        self.assertEqual(self.error(self.put, self.stranger, shared, 8)[0], "AccessDeniedException")

        # Errors as AWS's.
        self.assertEqual(self.error(self.events.remove_permission, EventBusName="e2e-shared", StatementId="nope")[0],
                         "ResourceNotFoundException")
        self.assertEqual(self.error(self.events.put_permission, EventBusName="e2e-missing", Action="events:PutEvents",
                                    Principal=OTHER, StatementId="x")[0], "ResourceNotFoundException")
        code, _, message = self.error(self.raw.put_permission, EventBusName="e2e-shared", Action="events:PutEvents",
                                      Principal="12345", StatementId="bad")
        self.assertEqual(code, "ValidationException")
        self.assertIn("Principal", message)
        code, _, message = self.error(self.raw.put_permission, EventBusName="e2e-shared", Action="events:PutRule",
                                      Principal=OTHER, StatementId="bad")
        self.assertEqual(code, "ValidationException")
        self.assertIn("Action", message)
        self.assertEqual(self.error(self.events.put_permission, EventBusName="e2e-shared",
                                    Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "x"}]}))[0],
                         "ValidationException")
        self.assertEqual(self.error(self.events.put_permission, EventBusName="e2e-shared",
                                    Policy=json.dumps({"Statement": [{"Effect": "Allow", "Sid": "x" * 11000}]}))[0],
                         "PolicyLengthExceededException")

        # The policy survives a restart, and is still enforced.
        self.server.restart()
        self.assertEqual(self.put(self.other, shared, 9)["FailedEntryCount"], 0)
        self.assertEqual(self.error(self.put, self.stranger, shared, 10)[0], "AccessDeniedException")

        # A whole policy document replaces the policy; RemoveAllPermissions clears it.
        document = {"Version": "2012-10-17", "Statement": [{
            "Sid": "stranger", "Effect": "Allow", "Principal": {"AWS": [STRANGER]},
            "Action": ["events:PutEvents"], "Resource": f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:event-bus/e2e-*"}]}
        self.events.put_permission(EventBusName="e2e-shared", Policy=json.dumps(document))
        self.assertEqual(json.loads(self.events.describe_event_bus(Name="e2e-shared")["Policy"]), document)
        self.assertEqual(self.put(self.stranger, shared, 11)["FailedEntryCount"], 0)
        self.assertEqual(self.error(self.put, self.other, shared, 12)[0], "AccessDeniedException")
        self.events.remove_permission(EventBusName="e2e-shared", RemoveAllPermissions=True)
        self.assertNotIn("Policy", self.events.describe_event_bus(Name="e2e-shared"))
        self.assertEqual(self.error(self.put, self.stranger, shared, 13)[0], "AccessDeniedException")
        lines = wait_for("events 9 and 11",
                         lambda: (lambda ls: ls if len(ls) >= 5 else None)(self.log_lines("e2e-shared")))
        self.assertEqual(sorted(x["detail"]["n"] for x in lines), [2, 3, 7, 9, 11])

    def test_bus_target_of_another_account_is_dead_lettered(self):
        foreign = f"arn:aws:events:{h.REGION}:{STRANGER}:event-bus/e2e-elsewhere"
        self.events.create_event_bus(Name="e2e-elsewhere")  # the same name in this account must not get it
        self.events.put_rule(Name="e2e-forward", EventPattern=json.dumps({"source": ["e2e.forward"]}))
        self.events.put_targets(Rule="e2e-forward", Targets=[{"Id": "bus", "Arn": foreign}])
        self.events.put_rule(Name="catch", EventBusName="e2e-elsewhere", EventPattern=json.dumps({"source": ["e2e.forward"]}))
        self.events.put_targets(Rule="catch", EventBusName="e2e-elsewhere",
                                Targets=[{"Id": "log", "Arn": log_arn("e2e-elsewhere")}])
        self.assertEqual(self.put(self.events, "default", 1, source="e2e.forward")["FailedEntryCount"], 0)
        dead = wait_for("the dead letter", lambda: [x for x in read_lines(
            os.path.join(self.server.data_dir, "dead-letters.jsonl")) if foreign in json.dumps(x)])
        self.assertIn(f"stepwise hosts the buses of account {h.ACCOUNT} only", json.dumps(dead[0]))
        self.assertEqual(self.log_lines("e2e-elsewhere"), [])

    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DisableRule.html
    # "A disabled rule won't match any events, and won't self-trigger if it has a schedule expression."
    def test_disabled_schedule_does_not_fire(self):
        arns = {}
        for name in ("e2e-sched-on", "e2e-sched-off"):
            arns[name] = self.events.put_rule(Name=name, ScheduleExpression="rate(5 minutes)")["RuleArn"]
            self.events.put_targets(Rule=name, Targets=[{"Id": "log", "Arn": log_arn("e2e-sched")}])
        self.events.disable_rule(Name="e2e-sched-off")
        self.assertEqual(self.events.describe_rule(Name="e2e-sched-off")["State"], "DISABLED")
        advance_clock(self.server, 900)
        wait_for("3 firings of the enabled rule", lambda: len(
            [x for x in self.log_lines("e2e-sched") if x["resources"] == [arns["e2e-sched-on"]]]) >= 3)
        self.events.enable_rule(Name="e2e-sched-off")
        advance_clock(self.server, 900)
        off = wait_for("a firing of the enabled-again rule", lambda: [
            x for x in self.log_lines("e2e-sched") if x["resources"] == [arns["e2e-sched-off"]]])
        # Every firing of the rule is later than the enabled rule's first three (the first 15
        # minutes, while it was disabled): it did not fire while disabled.
        on_before = sorted(x["time"] for x in self.log_lines("e2e-sched")
                           if x["resources"] == [arns["e2e-sched-on"]])[:3]
        self.assertTrue(all(x["time"] > on_before[-1] for x in off), (off, on_before))

    def test_disabled_rule_on_a_custom_bus_matches_nothing(self):
        self.events.create_event_bus(Name="e2e-toggle-bus")
        arn = bus_arn("e2e-toggle-bus")
        self.events.put_rule(Name="toggle", EventBusName=arn, EventPattern=json.dumps({"source": ["e2e.bus-api"]}))
        self.events.put_targets(Rule="toggle", EventBusName=arn, Targets=[{"Id": "log", "Arn": log_arn("e2e-toggle-bus")}])
        self.events.disable_rule(Name="toggle", EventBusName=arn)
        self.assertEqual(self.events.describe_rule(Name="toggle", EventBusName="e2e-toggle-bus")["State"], "DISABLED")
        self.put(self.events, arn, 1)
        self.server.restart()
        self.assertEqual(self.events.describe_rule(Name="toggle", EventBusName=arn)["State"], "DISABLED")
        self.put(self.events, arn, 2)
        self.events.enable_rule(Name="toggle", EventBusName=arn)
        self.put(self.events, arn, 3)
        lines = wait_for("event 3", lambda: self.log_lines("e2e-toggle-bus"))
        self.assertEqual([x["detail"]["n"] for x in lines], [3], "events put while the rule was disabled match nothing")
        self.assertEqual(self.error(self.events.disable_rule, Name="toggle", EventBusName="e2e-missing")[0],
                         "ResourceNotFoundException")
        self.assertEqual(self.error(self.events.enable_rule, Name="nope", EventBusName=arn)[0],
                         "ResourceNotFoundException")

    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRuleNamesByTarget.html
    def test_list_rule_names_by_target_pages(self):
        self.events.create_event_bus(Name="e2e-by-target")
        target = log_arn("e2e-by-target")
        for name in ("r1", "r2", "r3", "other"):
            self.events.put_rule(Name=name, EventBusName="e2e-by-target", EventPattern=json.dumps({"source": [name]}))
            arn = target if name != "other" else log_arn("elsewhere")
            self.events.put_targets(Rule=name, EventBusName="e2e-by-target", Targets=[{"Id": "t", "Arn": arn}])
        first = self.events.list_rule_names_by_target(TargetArn=target, EventBusName="e2e-by-target", Limit=2)
        self.assertEqual(first["RuleNames"], ["r1", "r2"])
        rest = self.events.list_rule_names_by_target(TargetArn=target, EventBusName=bus_arn("e2e-by-target"),
                                                     Limit=2, NextToken=first["NextToken"])
        self.assertEqual(rest["RuleNames"], ["r3"])
        self.assertNotIn("NextToken", rest)
        self.assertEqual(self.events.list_rule_names_by_target(TargetArn=target)["RuleNames"], [],
                         "without EventBusName: the default bus")
        self.assertEqual(self.error(self.events.list_rule_names_by_target, TargetArn=target,
                                    EventBusName="e2e-missing")[0], "ResourceNotFoundException")

    # https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-saas.html
    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreatePartnerEventSource.html
    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeactivateEventSource.html
    def test_partner_event_source_to_a_partner_bus(self):
        name = "aws.partner/acme.com/e2e/orders"
        arn = self.events.create_partner_event_source(Name=name, Account=h.ACCOUNT)["EventSourceArn"]
        self.assertEqual(arn, f"arn:aws:events:{h.REGION}::event-source/{name}")
        self.events.create_partner_event_source(Name=name, Account=OTHER)
        self.assertEqual(self.error(self.events.create_partner_event_source, Name=name, Account=h.ACCOUNT)[0],
                         "ResourceAlreadyExistsException")
        self.assertEqual(self.error(self.raw.create_partner_event_source, Name="acme/orders", Account=h.ACCOUNT)[0],
                         "ValidationException")
        described = self.events.describe_partner_event_source(Name=name)
        self.assertEqual((described["Arn"], described["Name"]), (arn, name))
        self.assertEqual([s["Name"] for s in self.events.list_partner_event_sources(
            NamePrefix="aws.partner/acme.com/")["PartnerEventSources"]], [name])
        accounts = self.events.list_partner_event_source_accounts(EventSourceName=name)["PartnerEventSourceAccounts"]
        self.assertEqual([(a["Account"], a["State"]) for a in accounts], [(OTHER, "PENDING"), (h.ACCOUNT, "PENDING")])

        # The customer's side: pending until a partner bus of the same name exists.
        source = self.events.describe_event_source(Name=name)
        self.assertEqual((source["Arn"], source["CreatedBy"], source["Name"], source["State"]),
                         (arn, "acme.com", name, "PENDING"))
        self.assertEqual(self.error(self.events.create_event_bus, Name="e2e-partner", EventSourceName=name)[0],
                         "ValidationException")
        self.assertEqual(self.error(self.events.create_event_bus, Name="aws.partner/acme.com/e2e/none",
                                    EventSourceName="aws.partner/acme.com/e2e/none")[0], "ResourceNotFoundException")
        r = self.events.put_partner_events(Entries=[{"Source": name, "DetailType": "Order", "Detail": '{"n": 0}'}])
        self.assertEqual(r["Entries"][0]["ErrorCode"], "ResourceNotFoundException", "no partner bus yet")
        bus = self.events.create_event_bus(Name=name, EventSourceName=name)["EventBusArn"]
        self.assertEqual(bus, bus_arn(name))
        self.assertEqual(self.events.describe_event_source(Name=name)["State"], "ACTIVE")
        self.events.put_rule(Name="partner", EventBusName=name, EventPattern=json.dumps({"source": [name]}))
        self.events.put_targets(Rule="partner", EventBusName=name, Targets=[{"Id": "log", "Arn": log_arn("e2e-partner")}])
        r = self.events.put_partner_events(Entries=[{"Source": name, "DetailType": "Order", "Detail": '{"n": 1}'},
                                                    {"Source": "aws.partner/acme.com/e2e/none", "DetailType": "Order",
                                                     "Detail": "{}"}])
        self.assertEqual(r["FailedEntryCount"], 1, r)
        self.assertIn("EventId", r["Entries"][0])
        self.assertEqual(r["Entries"][1]["ErrorCode"], "ResourceNotFoundException")
        lines = wait_for("the partner event", lambda: self.log_lines("e2e-partner"))
        self.assertEqual((lines[0]["source"], lines[0]["detail-type"], lines[0]["detail"], lines[0]["id"]),
                         (name, "Order", {"n": 1}, r["Entries"][0]["EventId"]))

        # Deactivated: its events are refused until it is activated again; kept across a restart.
        self.events.deactivate_event_source(Name=name)
        self.server.restart()
        self.assertEqual(self.events.describe_event_source(Name=name)["State"], "PENDING")
        r = self.events.put_partner_events(Entries=[{"Source": name, "DetailType": "Order", "Detail": '{"n": 2}'}])
        self.assertEqual(r["FailedEntryCount"], 1, r)
        self.events.activate_event_source(Name=name)
        r = self.events.put_partner_events(Entries=[{"Source": name, "DetailType": "Order", "Detail": '{"n": 3}'}])
        self.assertEqual(r["FailedEntryCount"], 0, r)
        lines = wait_for("event 3", lambda: (lambda ls: ls if len(ls) >= 2 else None)(self.log_lines("e2e-partner")))
        self.assertEqual([x["detail"]["n"] for x in lines], [1, 3])
        listed = self.events.list_event_sources(NamePrefix="aws.partner/acme.com/")["EventSources"]
        self.assertEqual([(s["Name"], s["State"]) for s in listed], [(name, "ACTIVE")], "only this account's sources")

        # Deleted by the partner: gone from its side, DELETED on the customer's.
        self.events.delete_partner_event_source(Name=name, Account=h.ACCOUNT)
        self.assertEqual(self.events.describe_event_source(Name=name)["State"], "DELETED")
        self.assertEqual(self.error(self.events.activate_event_source, Name=name)[0], "InvalidStateException")
        accounts = self.events.list_partner_event_source_accounts(EventSourceName=name)["PartnerEventSourceAccounts"]
        self.assertEqual([(a["Account"], a["State"]) for a in accounts], [(OTHER, "PENDING"), (h.ACCOUNT, "DELETED")])
        self.assertEqual(self.events.put_partner_events(Entries=[{"Source": name, "DetailType": "Order",
                                                                  "Detail": "{}"}])["FailedEntryCount"], 1)
        for call in (self.events.describe_event_source, self.events.activate_event_source,
                     self.events.deactivate_event_source):
            self.assertEqual(self.error(call, Name="aws.partner/acme.com/e2e/none")[0], "ResourceNotFoundException")
        self.assertEqual(self.error(self.events.describe_partner_event_source, Name="aws.partner/acme.com/e2e/none")[0],
                         "ResourceNotFoundException")

    # https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-global-endpoints.html
    # https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEndpoint.html
    def test_global_endpoint_kept_and_routing_to_the_primary_bus(self):
        self.events.create_event_bus(Name="e2e-global-bus")
        self.events.put_rule(Name="all", EventBusName="e2e-global-bus", EventPattern=json.dumps({"source": ["e2e.bus-api"]}))
        self.events.put_targets(Rule="all", EventBusName="e2e-global-bus", Targets=[{"Id": "log", "Arn": log_arn("e2e-global")}])
        secondary_bus = f"arn:aws:events:us-west-2:{h.ACCOUNT}:event-bus/e2e-global-bus"
        routing = {"FailoverConfig": {"Primary": {"HealthCheck": "arn:aws:route53:::healthcheck/e2e-check"},
                                      "Secondary": {"Route": "us-west-2"}}}
        buses = [{"EventBusArn": bus_arn("e2e-global-bus")}, {"EventBusArn": secondary_bus}]
        created = self.events.create_endpoint(Name="e2e-global", RoutingConfig=routing, EventBuses=buses,
                                              ReplicationConfig={"State": "DISABLED"})
        arn = f"arn:aws:events:{h.REGION}:{h.ACCOUNT}:endpoint/e2e-global"
        self.assertEqual((created["Name"], created["Arn"], created["State"], created["RoutingConfig"],
                          created["EventBuses"], created["ReplicationConfig"]),
                         ("e2e-global", arn, "ACTIVE", routing, buses, {"State": "DISABLED"}))
        d = self.events.describe_endpoint(Name="e2e-global")
        self.assertRegex(d["EndpointId"], r"^[a-z0-9]+\.veo$")
        self.assertEqual(d["EndpointUrl"], f"https://{d['EndpointId']}.endpoint.events.amazonaws.com")
        self.assertEqual(d["CreationTime"], d["LastModifiedTime"])
        self.assertEqual([e["Name"] for e in self.events.list_endpoints(NamePrefix="e2e-glo")["Endpoints"]],
                         ["e2e-global"])
        self.assertEqual(self.events.list_endpoints(HomeRegion="eu-west-1")["Endpoints"], [])

        self.assertEqual(self.error(self.events.create_endpoint, Name="e2e-global", RoutingConfig=routing,
                                    EventBuses=buses)[0], "ResourceAlreadyExistsException")
        code, _, message = self.error(self.raw.create_endpoint, Name="e2e-one-bus", RoutingConfig=routing,
                                      EventBuses=buses[:1])
        self.assertEqual(code, "ValidationException")
        self.assertIn("EventBuses", message)
        self.assertEqual(self.error(self.events.create_endpoint, Name="e2e-two-names", RoutingConfig=routing,
                                    EventBuses=[buses[0], {"EventBusArn": secondary_bus + "-other"}])[0],
                         "ValidationException")
        self.assertEqual(self.error(self.raw.create_endpoint, Name="e2e-no-check", EventBuses=buses,
                                    RoutingConfig={"FailoverConfig": {"Primary": {"HealthCheck": "x"},
                                                                      "Secondary": {"Route": "us-west-2"}}})[0],
                         "ValidationException")

        advance_clock(self.server, 60)
        updated = self.events.update_endpoint(Name="e2e-global", Description="orders, twice")
        self.assertEqual((updated["EndpointId"], updated["State"]), (d["EndpointId"], "ACTIVE"))
        self.server.restart()
        after = self.events.describe_endpoint(Name="e2e-global")
        self.assertEqual(after["Description"], "orders, twice")
        self.assertGreater(after["LastModifiedTime"], d["LastModifiedTime"])
        self.assertEqual(after["EndpointId"], d["EndpointId"])

        # PutEvents with the EndpointId (boto3 would need SigV4a from awscrt to send it: raw here).
        entry = {"Source": "e2e.bus-api", "DetailType": "T", "Detail": '{"n": 1}', "EventBusName": "e2e-global-bus"}
        status, r = raw_call(self.server, "PutEvents", {"EndpointId": d["EndpointId"], "Entries": [
            entry, dict(entry, EventBusName="default", Detail='{"n": 2}')]})
        self.assertEqual((status, r["FailedEntryCount"]), (200, 1), r)
        self.assertIn("EventId", r["Entries"][0])
        self.assertEqual(r["Entries"][1]["ErrorCode"], "ResourceNotFoundException")
        lines = wait_for("the event through the endpoint", lambda: self.log_lines("e2e-global"))
        self.assertEqual([x["detail"]["n"] for x in lines], [1])
        status, r = raw_call(self.server, "PutEvents", {"EndpointId": "nothere.veo", "Entries": [entry]})
        self.assertEqual((status, r["__type"]), (400, "ValidationException"))

        self.events.delete_endpoint(Name="e2e-global")
        for call in (self.events.describe_endpoint, self.events.delete_endpoint):
            self.assertEqual(self.error(call, Name="e2e-global")[0], "ResourceNotFoundException")
        self.assertEqual(self.error(self.events.update_endpoint, Name="e2e-global", Description="x")[0],
                         "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main(verbosity=2)
