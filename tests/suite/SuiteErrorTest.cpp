// Checks that SuiteError reads like a compiler message in every combination of what is known,
// and that SuiteErrors lists several.
#include "profiler/suite/SuiteError.h"

#include <gtest/gtest.h>

namespace costscope {
namespace {

TEST(SuiteError, FormatsLikeACompiler) {
    EXPECT_STREQ(SuiteError("a.json", 14, "/workloads/1", "bad").what(),
                 "a.json:14: /workloads/1: bad");
    EXPECT_STREQ(SuiteError("a.json", 3, "", "bad", 7).what(), "a.json:3:7: bad");
    EXPECT_STREQ(SuiteError("a.json", 0, "", "cannot read").what(), "a.json: cannot read");
    EXPECT_STREQ(SuiteError("", 0, "", "no such suite").what(), "no such suite");
    const SuiteError error("a.json", 2, "/k", "m", 5);
    EXPECT_EQ(error.file(), "a.json");
    EXPECT_EQ(error.line(), 2);
    EXPECT_EQ(error.column(), 5);
    EXPECT_EQ(error.key(), "/k");
    EXPECT_EQ(error.message(), "m");
}

TEST(SuiteError, ManyAreTheFirstWithEveryOneInWhat) {
    const SuiteErrors errors(
        {SuiteError("a.json", 2, "/k", "first", 5), SuiteError("a.json", 7, "/w/0", "second", 3)});
    EXPECT_EQ(errors.errors().size(), 2u);
    EXPECT_EQ(errors.line(), 2);
    EXPECT_EQ(errors.column(), 5);
    EXPECT_EQ(errors.key(), "/k");
    EXPECT_EQ(errors.message(), "first");
    EXPECT_STREQ(errors.what(), "a.json:2:5: /k: first\na.json:7:3: /w/0: second");
    const SuiteError& asOne = errors;
    EXPECT_STREQ(asOne.what(), errors.what());
}

}  // namespace
}  // namespace costscope
