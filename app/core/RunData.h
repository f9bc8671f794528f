// Everything the views show of one run, read once off the GUI thread and then shared read-only.
#pragma once

#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "profiler/store/RecordingRows.h"

namespace costscope {

// The runs of one recording file, for the run browser.
struct FileData {
    std::string path;
    int64_t schemaVersion = 0;
    // What the file is: "costscope recording, file format 4", "Nsight Systems 2024.6.2 export,
    // schema 3.16.1"; `imported` for another program's profile (read-only, one run).
    std::string format;
    bool imported = false;
    std::vector<RunRow> runs;                           // oldest first
    std::map<int64_t, std::vector<DeviceRow>> devices;  // by run id
};

struct RunData {
    std::string path;
    int64_t schemaVersion = 0;
    std::string format;     // as FileData's
    bool imported = false;  // an Nsight Systems export: NVTX ranges or kernels as variants
    RunRow run;
    std::vector<DeviceRow> devices;
    std::vector<VariantSummaryRow> variants;  // recording order
    std::vector<KernelSummaryRow> kernels;    // the largest total first
    std::vector<CopySummaryRow> copies;       // by kind, memsets too; the most time first
    std::vector<CrossoverRow> crossover;
    std::map<int64_t, std::vector<Sample>> samples;  // by variant id: every timed iteration

    // "quick #3 · host · 2026-11-24 10:05": how views, legends and reports name the run.
    QString label() const;
    // The variant with this id or name, or nullptr.
    const VariantSummaryRow* variantById(int64_t id) const;
    const VariantSummaryRow* variantByName(const std::string& name) const;
    // The first device of that kind ("cpu", "gpu"), or nullptr.
    const DeviceRow* device(const std::string& kind) const;
    // True when any variant has GPU activity measured (a timeline to show).
    bool hasGpuActivity() const;
    // The price list's currency ("USD"), one per run; empty when it was recorded without prices.
    QString currency() const;
};

// Why a variant has no energy figure: the note its run stored (no counter, a window too short,
// ...), or that the run measured none.
QString whyNoEnergy(const VariantSummaryRow& variant);

using RunDataPtr = std::shared_ptr<const RunData>;
using FileDataPtr = std::shared_ptr<const FileData>;

// A run as the run browser and the window name it: its file and id.
struct RunKey {
    QString path;
    qint64 runId = 0;
    bool operator==(const RunKey&) const = default;
};

// What a view shows: one run, or a candidate with its baseline overlaid (two runs compared), or
// the runs of several machines side by side.
struct ViewInput {
    RunDataPtr run;       // the run explored, or the candidate; null: nothing open
    RunDataPtr baseline;  // set when two runs are compared
    // Set (two or more, in the order picked) when machines are compared: the Machines view, the
    // trade-off map and Compare draw every one, a colour per machine; `run` is the first of them
    // (the views that show one run show it) and `baseline` is null.
    std::vector<RunDataPtr> machines;
};

// The same run: the same file and run id, whatever was read of it since (both null is the same).
bool sameRun(const RunDataPtr& a, const RunDataPtr& b);
// The same runs in the same roles (the same machines in the same order), something shown: `next`
// is `shown` read again, as a live refresh of a recording being written reads it. Views keep what
// the user chose on such a one.
bool isRefreshOf(const ViewInput& next, const ViewInput& shown);

}  // namespace costscope
