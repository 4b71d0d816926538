"""Child state machines the nested-workflow e2e tests share (test_nested.py under
serve, test_run_integrations.py under run): a child that answers its parent's
.waitForTaskToken call with aws-sdk:sfn:sendTaskSuccess, one that refuses with
sendTaskFailure, and one that fails."""

# Answers its parent's .waitForTaskToken call from inside the child, as AWS documents it.
REPLIER = {
    "StartAt": "Reply",
    "States": {"Reply": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                         "Parameters": {"TaskToken.$": "$.token", "Output": {"replied.$": "$.n"}}, "End": True}},
}
REFUSER = {
    "StartAt": "Refuse",
    "States": {"Refuse": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskFailure",
                          "Parameters": {"TaskToken.$": "$.token", "Error": "Child.Refused", "Cause": "not today"},
                          "End": True}},
}
BROKEN = {"StartAt": "Break", "States": {"Break": {"Type": "Fail", "Error": "ChildBroke", "Cause": "boom"}}}
