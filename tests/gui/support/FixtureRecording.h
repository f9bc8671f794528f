// Synthetic recordings for the GUI tests, written through the store's own writer: every kind of
// variant the suites measure, CPU and GPU, with samples, quality and CUPTI-like activity. The
// figures are made up (seeded), the devices named "fixture", and nothing here is a measurement.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace costscope::test {

struct FixtureOptions {
    std::string suite = "fixture";
    std::string host = "fixture-host";  // the run's host, as machines are told apart by
    // Multiplies every time: 0.8 makes a candidate 20 % faster than a 1.0 baseline.
    double timeScale = 1.0;
    bool withGpu = true;  // GPU variants, ceilings and activity; else a CPU-only run
    uint32_t seed = 1;    // noise in the samples
    int samplesPerVariant = 15;
    // Text put into variant and kernel names, to test that reports escape it ("" for none).
    std::string hostileText;
    // Whole names for the run's first variants, one each in recording order, in place of their
    // own (the recorder writes only names it made; another program could write these).
    std::vector<std::string> variantNames;
    // The CPU's recorded settings: OpenMP threads (in its details), and a factor on its measured
    // ceilings, so two runs can differ in known fields.
    int ompThreads = 2;
    double ceilingScale = 1.0;
    // Energy and prices, made up like the rest: the CPU draws 65 W (20 W idle), the GPU 300 W
    // (60 W idle), every measured variant's energy is that power over its median call; the CPU
    // costs 0.48 USD an hour, the GPU 3.60, a kWh 0.30. Without it, as a run recorded with
    // --no-energy and no price list.
    bool withCosts = false;
};

// Names a spreadsheet would run as formulas, one for each way in that OWASP lists (= + - @, a
// tab, a CR), for FixtureOptions::variantNames.
inline const std::vector<std::string> kFormulaNames = {
    "=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tx", "\rx"};

// Appends one complete run to `path` (created when missing); returns its id.
int64_t writeFixtureRun(const std::filesystem::path& path, const FixtureOptions& options = {});

// A scratch directory removed with its contents when the object goes.
class ScratchDir {
  public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    std::filesystem::path file(const std::string& name) const { return path_ / name; }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace costscope::test
