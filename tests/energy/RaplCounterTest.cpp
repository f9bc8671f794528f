// counterAdvance, and the RAPL reader on powercap trees written here: which zones it sums, wraps,
// a counter that goes back, missing zones and unreadable ones.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "profiler/energy/RaplCounter.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;

// A powercap tree as Linux lays it out: zone folders at the top (sysfs links them there) with
// name, energy_uj and max_energy_range_uj. Removed at the end.
class PowercapTree {
  public:
    PowercapTree() {
        std::string pattern = (fs::temp_directory_path() / "costscope-rapl-XXXXXX").string();
        root_ = mkdtemp(pattern.data());
    }
    ~PowercapTree() { fs::remove_all(root_); }

    void zone(const std::string& folder, const std::string& name, uint64_t microjoules,
              uint64_t range = 262143328850) {
        fs::create_directories(root_ / folder);
        write(folder, "name", name);
        write(folder, "max_energy_range_uj", std::to_string(range));
        set(folder, microjoules);
    }
    void set(const std::string& folder, uint64_t microjoules) {
        write(folder, "energy_uj", std::to_string(microjoules));
    }
    const fs::path& root() const { return root_; }

  private:
    void write(const std::string& folder, const std::string& file, const std::string& text) {
        std::ofstream(root_ / folder / file) << text << '\n';
    }
    fs::path root_;
};

TEST(CounterAdvanceTest, ForwardWrappedAndBackwards) {
    EXPECT_EQ(counterAdvance(100, 250, 1000), 150u);
    EXPECT_EQ(counterAdvance(900, 100, 1000), 200u);          // wrapped at 1000: 100 + 100
    EXPECT_EQ(counterAdvance(500, 100, 1000), std::nullopt);  // a 600 "wrap": went back
    EXPECT_EQ(counterAdvance(100, 99, 0), std::nullopt);      // never wraps: went back
    EXPECT_EQ(counterAdvance(7, 7, 0), 0u);
    EXPECT_EQ(counterAdvance(2000, 5, 1000), std::nullopt);  // before was out of range
}

TEST(RaplCounterTest, SumsPackagesAndDramOnlyAcrossSockets) {
    PowercapTree tree;
    tree.zone("intel-rapl:0", "package-0", 1'000'000);
    tree.zone("intel-rapl:0:0", "core", 5'000'000);
    tree.zone("intel-rapl:0:1", "dram", 2'000'000);
    tree.zone("intel-rapl:1", "package-1", 3'000'000);
    tree.zone("intel-rapl:2", "psys", 9'000'000);
    tree.zone("intel-rapl-mmio:0", "package-0", 1'000'000);
    RaplCounter counter(tree.root());
    EXPECT_EQ(counter.source(), "rapl");
    EXPECT_EQ(counter.what(), "package-0 + dram + package-1");
    EXPECT_EQ(counter.read().joules, 0.0);

    tree.set("intel-rapl:0", 1'500'000);    // +0.5 J
    tree.set("intel-rapl:0:1", 2'250'000);  // +0.25 J
    tree.set("intel-rapl:0:0", 9'000'000);  // core: within the package, not added
    tree.set("intel-rapl:1", 4'000'000);    // +1 J
    tree.set("intel-rapl:2", 99'000'000);   // psys: the whole platform, not added
    const EnergyRead read = counter.read();
    EXPECT_TRUE(read.fault.empty()) << read.fault;
    EXPECT_DOUBLE_EQ(read.joules, 1.75);
}

TEST(RaplCounterTest, CountsEachWrapAtTheZonesRange) {
    PowercapTree tree;
    tree.zone("intel-rapl:0", "package-0", 990'000, 999'999);  // wraps to 0 after 999,999 µJ
    RaplCounter counter(tree.root());
    double total = 0;
    for (const uint64_t value : {400'000, 800'000, 100'000, 300'000}) {
        tree.set("intel-rapl:0", value);
        const EnergyRead read = counter.read();
        EXPECT_TRUE(read.fault.empty()) << read.fault;
        total = read.joules;
    }
    // 990,000 -> 1,000,000 (the wrap) -> 400,000 -> 800,000 -> (wrap) 100,000 -> 300,000.
    EXPECT_NEAR(total, (10'000 + 400'000 + 400'000 + 300'000 + 200'000) * 1e-6, 1e-12);
}

TEST(RaplCounterTest, ACounterThatGoesBackWithoutWrappingIsAFault) {
    PowercapTree tree;
    tree.zone("intel-rapl:0", "package-0", 500'000, 999'999);
    RaplCounter counter(tree.root());
    tree.set("intel-rapl:0", 100'000);  // a "wrap" of 600,000 µJ: more than half the range
    const EnergyRead back = counter.read();
    EXPECT_NE(back.fault.find("went back from 500000 to 100000"), std::string::npos) << back.fault;
    EXPECT_EQ(back.joules, 0.0);
    tree.set("intel-rapl:0", 150'000);  // counting goes on from the new value
    const EnergyRead after = counter.read();
    EXPECT_TRUE(after.fault.empty());
    EXPECT_NEAR(after.joules, 0.05, 1e-12);
}

TEST(RaplCounterTest, NoZoneSaysWhyAndHowToLoadTheDriver) {
    PowercapTree tree;
    tree.zone("intel-rapl:0:0", "core", 1);  // a sub-zone without its package
    for (const fs::path& root : {tree.root(), tree.root() / "missing"}) {
        try {
            RaplCounter counter(root);
            ADD_FAILURE() << "found a zone in " << root;
        } catch (const EnergyUnavailable& error) {
            const std::string message = error.what();
            EXPECT_NE(
                message.find("CPU energy not measured: no RAPL package zone in " + root.string()),
                std::string::npos)
                << message;
            EXPECT_NE(message.find("modprobe intel_rapl_msr"), std::string::npos) << message;
        }
    }
}

TEST(RaplCounterTest, AZoneReadableByRootOnlySaysHowToGrantAccess) {
    if (geteuid() == 0) {
        GTEST_SKIP() << "root reads through permission bits";
    }
    PowercapTree tree;
    tree.zone("intel-rapl:0", "package-0", 1);
    const fs::path file = tree.root() / "intel-rapl:0" / "energy_uj";
    // Linux leaves it 0400 and owned by root since 5.10: as its owner, this test takes all.
    ASSERT_EQ(chmod(file.c_str(), 0000), 0);
    try {
        RaplCounter counter(tree.root());
        ADD_FAILURE() << "read " << file;
    } catch (const EnergyUnavailable& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(file.string() + " is readable by root only"), std::string::npos)
            << message;
        EXPECT_NE(message.find("PLATYPUS"), std::string::npos) << message;
        EXPECT_NE(message.find("sudo chmod o+r /sys/class/powercap/intel-rapl:*/energy_uj"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("udev rule"), std::string::npos) << message;
    }
}

TEST(RaplCounterTest, AZoneThatStopsBeingReadableIsAFaultNotAZero) {
    PowercapTree tree;
    tree.zone("intel-rapl:0", "package-0", 1'000'000);
    RaplCounter counter(tree.root());
    fs::remove(tree.root() / "intel-rapl:0" / "energy_uj");
    const EnergyRead read = counter.read();
    EXPECT_NE(read.fault.find("energy_uj: No such file or directory"), std::string::npos)
        << read.fault;
    std::ofstream(tree.root() / "intel-rapl:0" / "energy_uj") << "garbage\n";
    EXPECT_NE(counter.read().fault.find("holds 'garbage', not a count of microjoules"),
              std::string::npos);
}

}  // namespace
}  // namespace costscope
