// Reading runs for the GUI and the reports: costscope recordings through the store's read-only
// Recording, Nsight Systems exports through NsysExport, the same rows from either.
#include "app/core/RunLoader.h"

#include <type_traits>

#include "profiler/nsys/NsysExport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/StoreError.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

std::string formatOf(const Recording& recording) {
    return "costscope recording, file format " + std::to_string(recording.schemaVersion());
}
std::string formatOf(const NsysExport& profile) {
    return profile.formatText();
}

template <typename Source>
FileData readFile(const Source& source, const std::filesystem::path& path) {
    FileData file;
    file.path = path.string();
    file.schemaVersion = source.schemaVersion();
    file.format = formatOf(source);
    file.imported = std::is_same_v<Source, NsysExport>;
    file.runs = source.runs();
    for (const RunRow& run : file.runs) {
        file.devices[run.id] = source.devices(run.id);
    }
    return file;
}

template <typename Source>
RunData readRun(const Source& source, const std::filesystem::path& path, int64_t runId,
                bool keepCache) {
    RunData data;
    data.path = path.string();
    data.schemaVersion = source.schemaVersion();
    data.format = formatOf(source);
    data.imported = std::is_same_v<Source, NsysExport>;
    bool found = false;
    for (RunRow& run : source.runs()) {
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
    data.devices = source.devices(runId);
    data.variants = source.variantSummary(runId);
    data.kernels = source.kernelSummary(runId);
    data.copies = source.copySummary(runId);
    data.crossover = source.pruningCrossover(runId);
    for (const VariantSummaryRow& variant : data.variants) {
        data.samples[variant.variantId] = source.samples(variant.variantId);
    }
    if constexpr (std::is_same_v<Source, NsysExport>) {
        if (keepCache) {
            // Best effort: without a cache the next open computes them again, as this one did.
            source.storeRunCache(runId);
        }
        const auto& noticed = source.readWarnings();
        data.run.info.warnings.insert(data.run.info.warnings.end(), noticed.begin(), noticed.end());
    }
    return data;
}

}  // namespace

FileData loadFile(const std::filesystem::path& path) {
    if (NsysExport::recognises(path)) {
        return readFile(NsysExport(path), path);
    }
    return readFile(Recording(path), path);
}

RunData loadRun(const std::filesystem::path& path, int64_t runId, bool keepCache) {
    if (NsysExport::recognises(path)) {
        return readRun(NsysExport(path), path, runId, keepCache);
    }
    return readRun(Recording(path), path, runId, keepCache);
}

TimelineRows loadTimelineRows(const RunData& run) {
    return run.imported ? NsysExport(run.path).timeline(run.run.id)
                        : Recording(run.path).timeline(run.run.id);
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
