// A recording holding more rows or text than the reader may hold in memory is refused with the
// reason once its reads pass the limit, whichever table holds them; within the limit it reads
// whole.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "StoreTestSupport.h"
#include "profiler/store/ReadBudget.h"
#include "profiler/store/Recording.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

using test::TempDir;

// Runs `read` and expects the refusal: the file, the table reached and what to do.
template <typename Read>
void expectRefused(const std::filesystem::path& file, const std::string& table, Read read) {
    try {
        read();
        ADD_FAILURE() << "read past the limit from " << table;
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        EXPECT_NE(message.find("the " + table + " table"), std::string::npos) << message;
        EXPECT_NE(message.find("more than"), std::string::npos) << message;
        EXPECT_NE(message.find("sqlite3 '" + file.string() + "' 'SELECT count(*) FROM " + table),
                  std::string::npos)
            << message;
    }
}

// One run with one variant of `samples` samples; returns the variant's id.
int64_t writeSamples(const std::filesystem::path& file, size_t samples) {
    SqliteStore store(file);
    store.beginRun(test::sampleRun());
    const int64_t id = store.addVariant(test::okVariant(64, 64, 64, samples));
    store.endRun(RunStatus::Complete, "");
    return id;
}

TEST(ReadBudgetTest, SamplesPastTheLimitAreRefusedWhileTheRestReads) {
    TempDir dir;
    const auto file = dir.file("many.costscope");
    const int64_t variant = writeSamples(file, 1000);
    // A million samples, as a file claiming far more than its run could have taken would hold.
    for (int doubling = 0; doubling < 10; ++doubling) {
        test::rawExec(file,
                      "INSERT INTO samples (variant_id, iteration, start_ns, duration_ns, round) "
                      "SELECT variant_id, iteration + (SELECT max(iteration) + 1 FROM samples), "
                      "start_ns, duration_ns, round FROM samples");
    }
    ASSERT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM samples"), 1000 << 10);

    const Recording limited(file, 4u << 20);  // 4 MiB: some 170,000 samples
    EXPECT_EQ(limited.runs().size(), 1u);
    EXPECT_EQ(limited.variantSummary(limited.runs().front().id).size(), 1u);
    expectRefused(file, "samples", [&] { limited.samples(variant); });

    const Recording whole(file);  // this machine's limit
    EXPECT_EQ(whole.samples(variant).size(), size_t(1000 << 10));
}

TEST(ReadBudgetTest, AHugeTextIsRefusedBeforeItIsCopied) {
    TempDir dir;
    const auto file = dir.file("long-note.costscope");
    writeSamples(file, 12);
    test::rawExec(file, "UPDATE runs SET note = printf('%.*c', 3000000, 'x')");

    expectRefused(file, "runs", [&] { Recording(file, 2u << 20).runs(); });
    EXPECT_EQ(Recording(file, 4u << 20).runs().front().note.size(), 3'000'000u);
}

TEST(ReadBudgetTest, GpuActivityPastTheLimitIsRefusedInEveryReadOfIt) {
    TempDir dir;
    const auto file = dir.file("kernels.costscope");
    int64_t runId = 0, variantId = 0;
    {
        SqliteStore store(file);
        runId = store.beginRun(test::sampleRun());
        ActivityBatch batch = test::sampleActivity(1);
        const KernelRow kernel = batch.kernels.front();
        batch.kernels.assign(100'000, kernel);
        for (size_t i = 0; i < batch.kernels.size(); ++i) {
            batch.kernels[i].start = int64_t(i) * 1000;
            batch.kernels[i].end = int64_t(i) * 1000 + 500;
        }
        variantId = store.addVariant(test::gpuVariant(batch));
        store.endRun(RunStatus::Complete, "");
    }
    const uint64_t limit = 512u << 10;  // 100,000 launches take more than 512 KiB in every read
    expectRefused(file, "kernel_launches", [&] { Recording(file, limit).timeline(runId); });
    expectRefused(file, "kernel_launches", [&] { Recording(file, limit).kernelSummary(runId); });
    expectRefused(file, "kernel_launches",
                  [&] { Recording(file, limit).variantActivity(variantId); });

    const Recording whole(file);
    EXPECT_EQ(whole.timeline(runId).kernels.size(), 100'000u);
    EXPECT_EQ(whole.variantActivity(variantId).kernels.size(), 100'000u);
}

TEST(ReadBudgetTest, ChargesAddUpAndNeverWrapAround) {
    ReadBudget budget("f.costscope", 100);
    budget.charge(60, "samples");
    budget.charge(40, "samples");
    EXPECT_EQ(budget.used(), 100u);
    EXPECT_THROW(budget.charge(1, "samples"), StoreError);

    ReadBudget all("f.costscope", std::numeric_limits<uint64_t>::max());
    all.charge(std::numeric_limits<uint64_t>::max() - 1, "runs");
    EXPECT_THROW(all.charge(2, "runs"), StoreError);  // would wrap to 0 unchecked
    EXPECT_EQ(all.used(), std::numeric_limits<uint64_t>::max() - 1);
}

}  // namespace
}  // namespace costscope
