// The breakpoints new executions start with (api/ui/breakpoint_book.h):
// --break rules by machine name or by state, replaced by the page's list.
#include "api/ui/breakpoint_book.h"

#include <gtest/gtest.h>

#include "asl/compile.h"

namespace stepwise::api {
namespace {

std::shared_ptr<const asl::Machine> machine_with(const char* first, const char* second) {
    std::string text = std::string(R"({"StartAt": ")") + first + R"(", "States": {")" + first +
                       R"(": {"Type": "Pass", "Next": ")" + second + R"("}, ")" + second +
                       R"(": {"Type": "Pass", "End": true}}})";
    auto r = asl::compile(std::string_view(text));
    EXPECT_TRUE(r.ok());
    return r.machine;
}

const std::string kOrders = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";

TEST(BreakpointBook, RulesApplyByMachineNameOrToMachinesWithTheState) {
    BreakpointBook book({{"Orders", {"Check", true}}, {"", {"Ship", false}}, {"Other", {"Check", false}}});
    auto orders = machine_with("Check", "Ship");
    EXPECT_EQ(book.for_machine(kOrders, "Orders", *orders),
              (std::vector<engine::Breakpoint>{{"Check", true}, {"Ship", false}}));
    auto billing = machine_with("Bill", "Done");
    EXPECT_TRUE(book.for_machine(kOrders + "x", "Billing", *billing).empty());

    runtime::StartRequest start;
    start.machine = billing;
    start.state_machine_arn = kOrders + "x";
    start.state_machine_name = "Billing";
    EXPECT_EQ(book.debug_for(start), nullptr);  // nothing to pause at: no debugger
}

TEST(BreakpointBook, ThePagesListReplacesTheRulesForItsMachine) {
    BreakpointBook book({{"Orders", {"Check", false}}});
    auto orders = machine_with("Check", "Ship");
    book.set(kOrders, {{"Ship", true}});
    EXPECT_EQ(book.for_machine(kOrders, "Orders", *orders), (std::vector<engine::Breakpoint>{{"Ship", true}}));
    book.set(kOrders, {});
    runtime::StartRequest start;
    start.machine = orders;
    start.state_machine_arn = kOrders;
    start.state_machine_name = "Orders";
    EXPECT_EQ(book.debug_for(start), nullptr);
}

TEST(BreakpointBook, ThePagesListsAreStoredForTheNextServer) {
    auto store = store::open_sqlite(":memory:");
    auto orders = machine_with("Check", "Ship");
    BreakpointBook({}, store.get()).set(kOrders, {{"Check", true}});
    BreakpointBook next({{"", {"Ship", false}}}, store.get());
    EXPECT_EQ(next.for_machine(kOrders, "Orders", *orders), (std::vector<engine::Breakpoint>{{"Check", true}}));
}

TEST(BreakpointBook, ThePagesListKeepsOnlyTheStatesTheMachineHasAndIsForgottenWithIt) {
    BreakpointBook book;
    book.set(kOrders, {{"Check", false}, {"Ship", true}});
    auto updated = machine_with("Check", "Send");  // Ship is gone (an update, a version, an alias)
    EXPECT_EQ(book.for_machine(kOrders, "Orders", *updated), (std::vector<engine::Breakpoint>{{"Check", false}}));
    book.forget(kOrders);
    EXPECT_TRUE(book.for_machine(kOrders, "Orders", *updated).empty());
}

}  // namespace
}  // namespace stepwise::api
