// Reading the recorder's stderr: progress events in any chunking, messages, the failure tail.
#include <gtest/gtest.h>

#include "app/record/RecorderProgress.h"

namespace costscope {
namespace {

using namespace Qt::StringLiterals;

constexpr const char* kStderr =
    "costscope-record: recording 3 variants of suite 'tiny' into /tmp/t.sqlite\n"
    "costscope-record: measuring the machine's ceilings (peak GEMM rate, memory bandwidth)\n"
    "progress 1 3 running gemm/fp32/openblas/cpu/33x17x65\n"
    "progress 1 3 ok gemm/fp32/openblas/cpu/33x17x65\n"
    "progress 2 3 running gemm/fp32/cublas/gpu/33x17x65\n"
    "progress 2 3 skipped gemm/fp32/cublas/gpu/33x17x65\n"
    "progress 3 3 running pruned/2:4/costscope/cpu/64x64x64\n";

TEST(RecorderProgressTest, EventsGiveCountsPercentAndTheCurrentVariant) {
    RecorderProgress progress;
    progress.append(kStderr);
    EXPECT_EQ(progress.total(), 3);
    EXPECT_EQ(progress.finished(), 2);
    EXPECT_EQ(progress.skipped(), 1);
    EXPECT_EQ(progress.failed(), 0);
    EXPECT_EQ(progress.percent(), 66);
    EXPECT_EQ(progress.current(), u"pruned/2:4/costscope/cpu/64x64x64"_s);
    EXPECT_EQ(progress.currentIndex(), 3);
    EXPECT_EQ(progress.events(), 5);
    EXPECT_TRUE(progress.lastMessage().isEmpty()) << "the ceilings were measured long ago";

    progress.append("progress 3 3 failed pruned/2:4/costscope/cpu/64x64x64\n");
    EXPECT_EQ(progress.percent(), 100);
    EXPECT_EQ(progress.failed(), 1);
    EXPECT_TRUE(progress.current().isEmpty());
}

TEST(RecorderProgressTest, TheLatestMessageSaysWhatHappensBeforeTheFirstVariant) {
    RecorderProgress progress;
    progress.append(
        "costscope-record: recording 3 variants of suite 'tiny' into /tmp/t.sqlite\n"
        "costscope-record: measuring the machine's ceilings\n");
    EXPECT_EQ(progress.lastMessage(), u"measuring the machine's ceilings"_s);
    EXPECT_EQ(progress.total(), 0);
    progress.append("progress 1 3 running gemm/fp32/openblas/cpu/33x17x65\n");
    EXPECT_TRUE(progress.lastMessage().isEmpty());
    progress.append("costscope-record: stopping after the current step\n");
    EXPECT_EQ(progress.lastMessage(), u"stopping after the current step"_s);
}

TEST(RecorderProgressTest, LinesSplitAcrossReadsAreReadWhole) {
    RecorderProgress whole;
    whole.append(kStderr);
    RecorderProgress bytes;
    const QByteArray text(kStderr);
    for (qsizetype i = 0; i < text.size(); i += 7) {
        bytes.append(text.mid(i, 7));
    }
    EXPECT_EQ(bytes.finished(), whole.finished());
    EXPECT_EQ(bytes.current(), whole.current());
    EXPECT_EQ(bytes.tail(), whole.tail());

    // A last line without a newline counts once the process has ended.
    RecorderProgress unterminated;
    unterminated.append("costscope-record: no variant matches");
    EXPECT_TRUE(unterminated.tail().isEmpty());
    unterminated.finish();
    EXPECT_EQ(unterminated.tail(), u"costscope-record: no variant matches"_s);
}

TEST(RecorderProgressTest, TailKeepsTheLastMessagesAndNoEvents) {
    RecorderProgress progress;
    progress.append(kStderr);
    progress.append("my.json:4:31: syntax error\nTry again\n");
    EXPECT_EQ(progress.tail(2), u"my.json:4:31: syntax error\nTry again"_s);
    EXPECT_FALSE(progress.tail(50).contains(u"progress "_s));
    EXPECT_TRUE(progress.tail(50).startsWith(u"costscope-record: recording 3 variants"_s));
}

TEST(RecorderProgressTest, MalformedEventsAreMessagesNotProgress) {
    RecorderProgress progress;
    progress.append("progress bar broken\nprogress 4 3 ok x\nprogress 1 2 ok\n");
    EXPECT_EQ(progress.events(), 0);
    EXPECT_EQ(progress.total(), 0);
    EXPECT_EQ(progress.percent(), 0);
    EXPECT_EQ(progress.tail(), u"progress bar broken\nprogress 4 3 ok x\nprogress 1 2 ok"_s);
}

}  // namespace
}  // namespace costscope
