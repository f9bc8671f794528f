// startActivityCollector() where there may be no GPU: either CUPTI refuses and says why, or it
// collects; neither crashes nor hangs. CI runs this on a machine without an NVIDIA driver.
#include <gtest/gtest.h>

#include "profiler/ActivityCollector.h"

namespace costscope {
namespace {

TEST(CuptiCollector, StartsOrSaysWhyNot) {
    auto collector = startActivityCollector();
    ASSERT_TRUE(collector);
    if (!collector->isAvailable()) {
        // CUPTI's own words and the call that said them.
        EXPECT_NE(collector->reason().find("cupti"), std::string::npos) << collector->reason();
        EXPECT_NE(collector->reason().find("CUPTI_ERROR"), std::string::npos)
            << collector->reason();
        EXPECT_TRUE(collector->note().empty());
    } else {
        EXPECT_TRUE(collector->reason().empty());
        EXPECT_FALSE(collector->note().empty());
    }
    {
        const TagScope tag(collector.get(), {1, 0});  // no GPU work inside
    }
    EXPECT_TRUE(collector->take().empty());
    EXPECT_EQ(collector->droppedRecords(), 0u);
}

TEST(CuptiCollector, OneAtATimeAndAgainAfterwards) {
    bool firstAvailable = false;
    std::string firstReason;
    {
        auto first = startActivityCollector();
        firstAvailable = first->isAvailable();
        firstReason = first->reason();
        auto second = startActivityCollector();
        EXPECT_FALSE(second->isAvailable());
        if (firstAvailable) {
            EXPECT_NE(second->reason().find("already running"), std::string::npos);
        }
    }
    // The first one is gone: the next start behaves as the first did.
    auto again = startActivityCollector();
    EXPECT_EQ(again->isAvailable(), firstAvailable);
    if (!firstAvailable) {
        EXPECT_EQ(again->reason(), firstReason);
    }
}

}  // namespace
}  // namespace costscope
