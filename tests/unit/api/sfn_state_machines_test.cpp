// CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine, ListStateMachines.
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using StateMachines = SfnTest;

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
TEST_F(StateMachines, CreateThenDescribe) {
    Answer created = create_machine("Orders", kPassDefinition, {{"type", "STANDARD"}});
    ASSERT_EQ(created.status, 200) << json::dump(created.body);
    EXPECT_EQ(created.text("stateMachineArn"), std::string(kMachinePrefix) + "Orders");
    ASSERT_TRUE(created.body.find("creationDate")->is_number());

    Answer described = call("DescribeStateMachine", json::Object{{"stateMachineArn", created.text("stateMachineArn")}});
    ASSERT_EQ(described.status, 200);
    EXPECT_EQ(described.text("name"), "Orders");
    EXPECT_EQ(described.text("status"), "ACTIVE");
    EXPECT_EQ(described.text("definition"), kPassDefinition);
    EXPECT_EQ(described.text("roleArn"), kRole);
    EXPECT_EQ(described.text("type"), "STANDARD");
    EXPECT_FALSE(described.text("revisionId").empty());
    EXPECT_EQ(*described.body.find("creationDate"), *created.body.find("creationDate"));
    EXPECT_EQ(json::dump(*described.body.find("loggingConfiguration")), R"({"level":"OFF","includeExecutionData":false})");
    EXPECT_EQ(json::dump(*described.body.find("tracingConfiguration")), R"({"enabled":false})");
}

// AWS: "CreateStateMachine is an idempotent API ... based on the state machine name, definition, type,
// LoggingConfiguration, TracingConfiguration"; a different definition is StateMachineAlreadyExists.
TEST_F(StateMachines, CreateIsIdempotentOnTheSameDefinition) {
    Answer first = create_machine("Orders");
    Answer again = create_machine("Orders");
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(*again.body.find("creationDate"), *first.body.find("creationDate"));
    Answer other = create_machine("Orders", R"({"StartAt":"Q","States":{"Q":{"Type":"Succeed"}}})");
    EXPECT_AWS_ERROR(other, "StateMachineAlreadyExists");
    EXPECT_EQ(other.message(), "State Machine Already Exists: '" + std::string(kMachinePrefix) + "Orders'");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html#API_CreateStateMachine_Errors
TEST_F(StateMachines, InvalidDefinitionIsWordedAsAws) {
    Answer bad = create_machine("Broken", R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}})");
    EXPECT_AWS_ERROR(bad, "InvalidDefinition");
    EXPECT_EQ(bad.message().rfind("Invalid State Machine Definition: '", 0), 0u) << bad.message();
    EXPECT_NE(bad.message().find("at /States/A/Next"), std::string::npos) << bad.message();
    EXPECT_EQ(bad.message().back(), '\'');
    EXPECT_AWS_ERROR(create_machine("Broken2", "{not json"), "InvalidDefinition");
}

TEST_F(StateMachines, NamesRolesAndTypesAreChecked) {
    Answer bad_name = create_machine("bad name");
    EXPECT_AWS_ERROR(bad_name, "InvalidName");
    EXPECT_EQ(bad_name.message(), "Invalid Name: 'bad name'");
    EXPECT_AWS_ERROR(call("CreateStateMachine", json::Object{{"name", "R"}, {"definition", kPassDefinition},
                                                             {"roleArn", "not-an-arn"}}),
                     "InvalidArn");
    EXPECT_AWS_ERROR(create_machine("T", kPassDefinition, {{"type", "FAST"}}), "ValidationException");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html
TEST_F(StateMachines, UpdateMakesANewRevision) {
    std::string arn = create_machine("Orders").text("stateMachineArn");
    std::string revision = call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}}).text("revisionId");
    std::string next = R"({"StartAt":"Q","States":{"Q":{"Type":"Succeed"}}})";
    Answer updated = call("UpdateStateMachine", json::Object{{"stateMachineArn", arn}, {"definition", next},
                                                             {"roleArn", "arn:aws:iam::123456789012:role/other"}});
    ASSERT_EQ(updated.status, 200) << json::dump(updated.body);
    EXPECT_TRUE(updated.body.find("updateDate")->is_number());
    EXPECT_NE(updated.text("revisionId"), revision);
    Answer described = call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}});
    EXPECT_EQ(described.text("definition"), next);
    EXPECT_EQ(described.text("roleArn"), "arn:aws:iam::123456789012:role/other");
    EXPECT_EQ(described.text("revisionId"), updated.text("revisionId"));

    EXPECT_AWS_ERROR(call("UpdateStateMachine", json::Object{{"stateMachineArn", arn}}), "MissingRequiredParameter");
    EXPECT_AWS_ERROR(call("UpdateStateMachine", json::Object{{"stateMachineArn", arn}, {"definition", "{}"}}),
                     "InvalidDefinition");
    EXPECT_AWS_ERROR(call("UpdateStateMachine", json::Object{{"stateMachineArn", std::string(kMachinePrefix) + "Ghost"},
                                                             {"definition", next}}),
                     "StateMachineDoesNotExist");
}

TEST_F(StateMachines, DeleteRemovesTheMachine) {
    std::string arn = create_machine("Orders").text("stateMachineArn");
    EXPECT_EQ(call("DeleteStateMachine", json::Object{{"stateMachineArn", arn}}).status, 200);
    Answer gone = call("DescribeStateMachine", json::Object{{"stateMachineArn", arn}});
    EXPECT_AWS_ERROR(gone, "StateMachineDoesNotExist");
    EXPECT_EQ(gone.message(), "State Machine Does Not Exist: '" + arn + "'");
    EXPECT_EQ(create_machine("Orders", R"({"StartAt":"Q","States":{"Q":{"Type":"Succeed"}}})").status, 200);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachines.html
TEST_F(StateMachines, ListPagesThroughEveryMachine) {
    for (int i = 0; i < 5; ++i) ASSERT_EQ(create_machine("M" + std::to_string(i)).status, 200);
    std::vector<std::string> names;
    std::string token;
    int pages = 0;
    do {
        json::Object body{{"maxResults", 2}};
        if (!token.empty()) body.set("nextToken", token);
        Answer page = call("ListStateMachines", json::Value(std::move(body)));
        ASSERT_EQ(page.status, 200) << json::dump(page.body);
        for (const auto& item : page.body.find("stateMachines")->as_array()) {
            names.emplace_back(item.find("name")->as_string());
            EXPECT_EQ(item.find("type")->as_string(), "STANDARD");
        }
        token = page.text("nextToken");
        ++pages;
        // Deleting what was listed does not lose the place.
        if (pages == 1) call("DeleteStateMachine", json::Object{{"stateMachineArn", std::string(kMachinePrefix) + "M1"}});
    } while (!token.empty());
    EXPECT_EQ(names, (std::vector<std::string>{"M0", "M1", "M2", "M3", "M4"}));
    EXPECT_EQ(pages, 3);
    EXPECT_AWS_ERROR(call("ListStateMachines", json::Object{{"nextToken", "not-a-page-token"}}), "InvalidToken");
    EXPECT_AWS_ERROR(call("ListStateMachines", json::Object{{"maxResults", -1}}), "ValidationException");
    EXPECT_AWS_ERROR(call("ListStateMachines", json::Object{{"maxResults", 1001}}), "ValidationException");
}

}  // namespace
}  // namespace stepwise::api::testing
