// Reads what the GUI and the reports show from a recording file, synchronously. The GUI calls
// these through RecordingLoader, off its thread; the headless report calls them directly.
#pragma once

#include <QString>
#include <cstdint>
#include <exception>
#include <filesystem>

#include "app/core/RunData.h"
#include "profiler/store/TimelineRows.h"

namespace costscope {

// The runs of a file with their devices. Throws what Recording throws (NotARecording,
// NewerSchema, StoreError), each naming the file and what to do.
FileData loadFile(const std::filesystem::path& path);

// One run, whole: devices, variant summary, kernel summary, crossover and every sample.
// Throws as loadFile, and StoreError when the file has no run `runId`. With `keepCache` (the
// GUI), what an Nsight Systems export's run took to compute (its NVTX variants and kernel
// summary) is kept in the user's cache directory for the next open (NsysCache); reports leave
// no trace.
RunData loadRun(const std::filesystem::path& path, int64_t runId, bool keepCache = false);

// A run's GPU activity (and an export's NVTX ranges) for the timeline and the trace export, read
// from its file, whichever kind it is. Throws as loadRun.
TimelineRows loadTimelineRows(const RunData& run);

// The newest run of a file (the one a user means when they name only the file). Throws as
// loadFile, and StoreError when the file holds no run at all.
int64_t newestRunId(const FileData& file);

// The text a user sees for a failure to read `path`: what is wrong and what to do. The store's
// messages already name the file; anything else gets the file named here.
QString describeLoadFailure(const QString& path, const std::exception& error);

}  // namespace costscope
