// Reading runs for the GUI and the reports through the store's read-only Recording.
#include "app/core/RunLoader.h"

#include "profiler/store/Recording.h"
#include "profiler/store/StoreError.h"

using namespace Qt::StringLiterals;

namespace costscope {

FileData loadFile(const std::filesystem::path& path) {
    const Recording recording(path);
    FileData file;
    file.path = path.string();
    file.schemaVersion = recording.schemaVersion();
    file.runs = recording.runs();
    for (const RunRow& run : file.runs) {
        file.devices[run.id] = recording.devices(run.id);
    }
    return file;
}

RunData loadRun(const std::filesystem::path& path, int64_t runId) {
    const Recording recording(path);
    RunData data;
    data.path = path.string();
    data.schemaVersion = recording.schemaVersion();
    bool found = false;
    for (RunRow& run : recording.runs()) {
        if (run.id == runId) {
            data.run = std::move(run);
            found = true;
        }
    }
    if (!found) {
        throw StoreError(path.string() + " has no run " + std::to_string(runId) +
                         "; list its runs with: sqlite3 " + path.string() +
                         " 'SELECT id, suite, status FROM runs'");
    }
    data.devices = recording.devices(runId);
    data.variants = recording.variantSummary(runId);
    data.kernels = recording.kernelSummary(runId);
    data.crossover = recording.pruningCrossover(runId);
    for (const VariantSummaryRow& variant : data.variants) {
        data.samples[variant.variantId] = recording.samples(variant.variantId);
    }
    return data;
}

int64_t newestRunId(const FileData& file) {
    if (file.runs.empty()) {
        throw StoreError(file.path +
                         " is a costscope recording with no run in it yet; record one with "
                         "costscope-record --out " +
                         file.path);
    }
    return file.runs.back().id;
}

QString describeLoadFailure(const QString& path, const std::exception& error) {
    const QString what = QString::fromStdString(error.what());
    if (dynamic_cast<const StoreError*>(&error) != nullptr && what.contains(path)) {
        return what;
    }
    return u"Could not read "_s + path + u": "_s + what;
}

}  // namespace costscope
