// Checks that JsonLocator finds the line of keys, array elements and values wherever they sit.
#include "profiler/suite/JsonLocator.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "profiler/suite/SuiteError.h"

namespace costscope {
namespace {

TEST(JsonLocator, RecordsKeysAtTheirLineAndElementsAtTheirValue) {
    const std::string text =
        "\n"                               // 1
        "{\n"                              // 2
        "  \"a\":\n"                       // 3
        "    [1,\n"                        // 4
        "     2\n"                         // 5
        "     , {\"b\": true}],\n"         // 6
        "  \"c/d~e\": \"x\", \"f\": [[\n"  // 7
        "    3]]\n"                        // 8
        "}\n";                             // 9
    const JsonLocator locator(text, "t.json");
    EXPECT_EQ(locator.line(""), 2);
    EXPECT_EQ(locator.line("/a"), 3);
    EXPECT_EQ(locator.line("/a/0"), 4);
    // A number ends only where the lexer sees the next character; that newline must not count.
    EXPECT_EQ(locator.line("/a/1"), 5);
    EXPECT_EQ(locator.line("/a/2"), 6);
    EXPECT_EQ(locator.line("/a/2/b"), 6);
    EXPECT_EQ(locator.line("/c~1d~0e"), 7);
    EXPECT_EQ(locator.line("/f"), 7);
    EXPECT_EQ(locator.line("/f/0"), 7);
    EXPECT_EQ(locator.line("/f/0/0"), 8);
    EXPECT_EQ(locator.line("/nope"), 0);
    EXPECT_EQ(locator.line("/a/3"), 0);
}

TEST(JsonLocator, RecordsColumnsWhereKeysAndValuesStart) {
    const std::string text =
        "\n"                               // 1
        "{\n"                              // 2
        "  \"a\":\n"                       // 3
        "    [1,\n"                        // 4
        "     2\n"                         // 5
        "     , {\"b\": true}],\n"         // 6
        "  \"c/d~e\": \"x\", \"f\": [[\n"  // 7
        "    3]]\n"                        // 8
        "}\n";                             // 9
    const JsonLocator locator(text, "t.json");
    const auto at = [&](const std::string& pointer) {
        const JsonLocator::Position position = locator.position(pointer);
        return std::pair(position.line, position.column);
    };
    EXPECT_EQ(at(""), std::pair(2, 1));
    EXPECT_EQ(at("/a"), std::pair(3, 3));
    EXPECT_EQ(at("/a/0"), std::pair(4, 6));
    // The number, not the newline the lexer read to see it end.
    EXPECT_EQ(at("/a/1"), std::pair(5, 6));
    EXPECT_EQ(at("/a/2"), std::pair(6, 8));
    EXPECT_EQ(at("/a/2/b"), std::pair(6, 9));
    EXPECT_EQ(at("/c~1d~0e"), std::pair(7, 3));
    EXPECT_EQ(at("/f"), std::pair(7, 17));
    EXPECT_EQ(at("/f/0"), std::pair(7, 23));
    EXPECT_EQ(at("/f/0/0"), std::pair(8, 5));
    EXPECT_EQ(at("/nope"), std::pair(0, 0));
}

TEST(JsonLocator, ColumnsCountPastEscapedQuotesAndNumbersThatEndAtAComma) {
    const JsonLocator locator(R"({"k": "a\"b,[", "n": [10, 20], "t": true})", "t.json");
    EXPECT_EQ(locator.position("/n").column, 17);
    EXPECT_EQ(locator.position("/n/0").column, 23);
    EXPECT_EQ(locator.position("/n/1").column, 27);
    EXPECT_EQ(locator.position("/t").column, 32);
}

TEST(JsonLocator, CountsWindowsLineEndingsOnce) {
    const JsonLocator locator("{\r\n  \"a\": [\r\n    1\r\n  ]\r\n}\r\n", "t.json");
    EXPECT_EQ(locator.line("/a"), 2);
    EXPECT_EQ(locator.line("/a/0"), 3);
}

TEST(JsonLocator, BuildsEscapedPointers) {
    EXPECT_EQ(JsonLocator::child("", "workloads"), "/workloads");
    EXPECT_EQ(JsonLocator::child("/workloads", std::size_t{2}), "/workloads/2");
    EXPECT_EQ(JsonLocator::child("/x", "a/b~c"), "/x/a~1b~0c");
}

TEST(JsonLocator, SyntaxErrorNamesLineAndColumn) {
    try {
        JsonLocator("{\n  \"a\": [1, 2,]\n}\n", "bad.json");
        FAIL() << "no SuiteError";
    } catch (const SuiteError& error) {
        EXPECT_EQ(error.file(), "bad.json");
        EXPECT_EQ(error.line(), 2);
        EXPECT_EQ(error.column(), 14);  // the ']' after the trailing comma
        EXPECT_EQ(error.key(), "");
        EXPECT_TRUE(error.message().starts_with("syntax error while parsing value"))
            << error.message();
        EXPECT_EQ(std::string(error.what()).rfind("bad.json:2:14: syntax error", 0), 0u)
            << error.what();
    }
}

TEST(JsonLocator, RejectsDuplicateKeysAtTheSecondOne) {
    try {
        JsonLocator("{\"a\": 1,\n \"b\": {\"a\": 2},\n \"a\": 3}", "dup.json");
        FAIL() << "no SuiteError";
    } catch (const SuiteError& error) {
        EXPECT_EQ(error.line(), 3);
        EXPECT_EQ(error.key(), "/a");
        EXPECT_EQ(error.message(), "duplicate key 'a' (first on line 1)");
    }
}

TEST(JsonLocator, RejectsTrailingTextAndComments) {
    EXPECT_THROW(JsonLocator("{} {}", "t.json"), SuiteError);
    EXPECT_THROW(JsonLocator("{\n// no\n}", "t.json"), SuiteError);
    EXPECT_THROW(JsonLocator("", "t.json"), SuiteError);
}

}  // namespace
}  // namespace costscope
