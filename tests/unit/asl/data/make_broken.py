#!/usr/bin/env python3
"""Regenerates data/broken/*.json: broken variants of the vehicle order
cancellation example, each with the located error asl::compile must report.

Each file: {"description", "docs", "expected": {"pointer", "code", "message"},
"definition"}. `message` is a fragment of the diagnostic's message.
Run from anywhere: python3 tests/unit/asl/data/make_broken.py
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "../../../../../shared/examples/vehicle-order-cancellation/statemachine.asl.json")
SPEC = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html"
DIAG = "https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html"
RETRY = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html"
STATES = "https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html"
JSONATA = "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html"
CHOICE = "https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html"
WAIT = "https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html"
TASK = "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html"
QUOTAS = "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html"

base = json.load(open(EXAMPLE))
S = "/States/"
variants = []


def variant(name, description, docs, pointer, code, message):
    def register(edit):
        d = copy.deepcopy(base)
        edit(d)
        variants.append((name, {"description": description, "docs": docs,
                                "expected": {"pointer": pointer, "code": code, "message": message},
                                "definition": d}))
        return edit
    return register


st = lambda d, n: d["States"][n]
branch_states = lambda d, i: d["States"]["InventoryAndCreditReversal"]["Branches"][i]["States"]


@variant("missing_start_at", "the top level has no StartAt", STATES, "", "SCHEMA_VALIDATION_FAILED",
         "These fields are required: [StartAt]")
def _(d): del d["StartAt"]


@variant("start_at_missing_state", "StartAt names no state", DIAG, "/StartAt", "MISSING_TRANSITION_TARGET",
         "Missing 'Next' target: SetMeta")
def _(d): d["StartAt"] = "SetMeta"


@variant("next_to_missing_state", "Next names a state that does not exist", DIAG,
         S + "SetCancellationMeta/Next", "MISSING_TRANSITION_TARGET", "Missing 'Next' target: ValidateEligibility")
def _(d): st(d, "SetCancellationMeta")["Next"] = "ValidateEligibility"


@variant("unreachable_state", "a state nothing transitions to", DIAG, S + "Orphan", "MISSING_TRANSITION_TARGET",
         'State "Orphan" is not reachable.')
def _(d): d["States"]["Orphan"] = {"Type": "Pass", "End": True}


@variant("next_and_end", "a state with both Next and End", SPEC, S + "ProductionSettlementHold",
         "SCHEMA_VALIDATION_FAILED", "'Next' and 'End' cannot be used together")
def _(d): st(d, "ProductionSettlementHold")["End"] = True


@variant("succeed_with_next", "a terminal Succeed state with Next", SPEC, S + "CancellationComplete",
         "SCHEMA_VALIDATION_FAILED", "Field 'Next' is not supported")
def _(d): st(d, "CancellationComplete")["Next"] = "CancellationFailed"


@variant("backoff_rate_below_one", "BackoffRate must be at least 1.0", RETRY,
         S + "ValidateCancellationEligibility/Retry/0/BackoffRate", "SCHEMA_VALIDATION_FAILED",
         "greater than or equal to 1.0")
def _(d): st(d, "ValidateCancellationEligibility")["Retry"][0]["BackoffRate"] = 0.5


@variant("max_attempts_negative", "MaxAttempts must be a non-negative integer", RETRY,
         S + "ConfirmCancellation/Retry/0/MaxAttempts", "SCHEMA_VALIDATION_FAILED", "between 0 and 99999999")
def _(d): st(d, "ConfirmCancellation")["Retry"][0]["MaxAttempts"] = -1


@variant("jitter_strategy_unknown", "JitterStrategy is FULL or NONE", RETRY,
         S + "NotifyCustomerOfCancellation/Retry/0/JitterStrategy", "SCHEMA_VALIDATION_FAILED",
         "must be \"FULL\" or \"NONE\"")
def _(d): st(d, "NotifyCustomerOfCancellation")["Retry"][0]["JitterStrategy"] = "PARTIAL"


@variant("states_all_not_alone", "States.ALL must appear alone in ErrorEquals", RETRY,
         S + "ConfirmCancellation/Catch/0/ErrorEquals", "SCHEMA_VALIDATION_FAILED", "must appear alone")
def _(d): st(d, "ConfirmCancellation")["Catch"][0]["ErrorEquals"] = ["States.ALL", "States.Timeout"]


@variant("states_all_not_last", "a States.ALL retrier must be the last one", RETRY,
         S + "ValidateCancellationEligibility/Retry/0/ErrorEquals", "SCHEMA_VALIDATION_FAILED",
         "must be the last one")
def _(d): st(d, "ValidateCancellationEligibility")["Retry"].insert(0, {"ErrorEquals": ["States.ALL"]})


@variant("catch_without_next", "a Catcher needs Next", RETRY, S + "ConfirmCancellation/Catch/0",
         "SCHEMA_VALIDATION_FAILED", "These fields are required: [Next]")
def _(d): del st(d, "ConfirmCancellation")["Catch"][0]["Next"]


@variant("misspelled_field", "a misspelled field name", SPEC, S + "RejectCancellation", "SCHEMA_VALIDATION_FAILED",
         "Field 'Parametres' is not supported")
def _(d): st(d, "RejectCancellation")["Parametres"] = st(d, "RejectCancellation").pop("Parameters")


@variant("result_path_not_reference", "ResultPath must be a reference path", SPEC,
         S + "ValidateCancellationEligibility/ResultPath", "SCHEMA_VALIDATION_FAILED", "valid Reference Path")
def _(d): st(d, "ValidateCancellationEligibility")["ResultPath"] = "$.validation[*]"


@variant("output_in_jsonpath_state", "Output is a JSONata field", JSONATA, S + "SetCancellationMeta",
         "SCHEMA_VALIDATION_FAILED",
         "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage")
def _(d): st(d, "SetCancellationMeta")["Output"] = "{% $states.input %}"


@variant("parameters_in_jsonata_state", "Parameters is a JSONPath field", JSONATA, S + "RejectCancellation",
         "SCHEMA_VALIDATION_FAILED", "field 'Parameters' is only supported for the 'JSONPath' QueryLanguage")
def _(d): st(d, "RejectCancellation")["QueryLanguage"] = "JSONata"


@variant("state_name_too_long", "state names have at most 80 characters", QUOTAS, S + "C" * 81,
         "INVALID_STATE_NAME", "longer than 80 characters")
def _(d):
    d["States"]["C" * 81] = d["States"].pop("CancellationComplete")
    st(d, "NotifyCustomerOfCancellation")["Next"] = "C" * 81


@variant("duplicate_name_across_branches", "state names are unique in the whole machine", DIAG,
         S + "InventoryAndCreditReversal/Branches/1/States/ReleaseInventory", "DUPLICATE_STATE_NAME",
         "Duplicate State name: ReleaseInventory")
def _(d):
    b = d["States"]["InventoryAndCreditReversal"]["Branches"][1]
    b["States"] = {"ReleaseInventory": b["States"]["ReverseCreditHold"]}
    b["StartAt"] = "ReleaseInventory"


@variant("next_out_of_branch", "a branch state cannot go to a state of the top level", SPEC,
         S + "InventoryAndCreditReversal/Branches/0/States/ReleaseInventory/Next", "MISSING_TRANSITION_TARGET",
         "Missing 'Next' target: ConfirmCancellation")
def _(d):
    s = branch_states(d, 0)["ReleaseInventory"]
    del s["End"]
    s["Next"] = "ConfirmCancellation"


@variant("wait_seconds_negative", "Wait Seconds is a non-negative integer", WAIT,
         S + "ProductionSettlementHold/Seconds", "SCHEMA_VALIDATION_FAILED", "between 0 and 99999999")
def _(d): st(d, "ProductionSettlementHold")["Seconds"] = -3


@variant("timeout_on_wait", "TimeoutSeconds is a Task field", TASK, S + "ProductionSettlementHold",
         "SCHEMA_VALIDATION_FAILED", "Field 'TimeoutSeconds' is not supported")
def _(d): st(d, "ProductionSettlementHold")["TimeoutSeconds"] = 30


@variant("boolean_equals_string", "BooleanEquals compares with a boolean", CHOICE,
         S + "IsCancellationEligible/Choices/0/BooleanEquals", "SCHEMA_VALIDATION_FAILED", "must be a boolean")
def _(d): st(d, "IsCancellationEligible")["Choices"][0]["BooleanEquals"] = "true"


@variant("choice_rule_without_operator", "a Choice rule needs a comparison", CHOICE,
         S + "IsCancellationEligible/Choices/0", "SCHEMA_VALIDATION_FAILED", "needs one comparison operator")
def _(d): del st(d, "IsCancellationEligible")["Choices"][0]["BooleanEquals"]


@variant("missing_type", "every state has a Type", SPEC, S + "CancellationFailed", "SCHEMA_VALIDATION_FAILED",
         "These fields are required: [Type]")
def _(d): del st(d, "CancellationFailed")["Type"]


@variant("unknown_type", "Type names one of the eight state types", SPEC, S + "ConfirmCancellation/Type",
         "SCHEMA_VALIDATION_FAILED", "must be one of Pass, Task")
def _(d): st(d, "ConfirmCancellation")["Type"] = "Lambda"


@variant("task_without_resource", "a Task needs Resource", TASK, S + "ConfirmCancellation",
         "SCHEMA_VALIDATION_FAILED", "These fields are required: [Resource]")
def _(d): del st(d, "ConfirmCancellation")["Resource"]


@variant("resource_not_arn", "Resource is an ARN", DIAG, S + "RejectCancellation/Resource", "INVALID_RESOURCE",
         "must be an ARN")
def _(d): st(d, "RejectCancellation")["Resource"] = "lambda:invoke"


@variant("retry_on_pass", "Retry is for Task, Parallel and Map", RETRY, S + "SetCancellationMeta",
         "SCHEMA_VALIDATION_FAILED", "Field 'Retry' is not supported")
def _(d): st(d, "SetCancellationMeta")["Retry"] = [{"ErrorEquals": ["States.ALL"]}]


@variant("branch_without_states", "a Parallel branch needs States", SPEC,
         S + "InventoryAndCreditReversal/Branches/1", "SCHEMA_VALIDATION_FAILED", "These fields are required: [States]")
def _(d): del d["States"]["InventoryAndCreditReversal"]["Branches"][1]["States"]


out_dir = os.path.join(HERE, "broken")
os.makedirs(out_dir, exist_ok=True)
for old in os.listdir(out_dir):
    os.remove(os.path.join(out_dir, old))
for name, case in variants:
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(case, f, indent=2, ensure_ascii=False)
        f.write("\n")
print(len(variants), "variants")
