// A run's timeline written as a Chrome trace (Perfetto, chrome://tracing): what File ▸ Export
// Timeline and `costscope --export-trace` share.
#pragma once

#include <QString>

#include "app/core/RunData.h"
#include "profiler/trace/ChromeTrace.h"

namespace costscope {

// What the trace holds of `run` besides its rows: the variants' spans on the host (as the
// timeline draws them: every variant that ran, not the skipped), the host and GPU names.
ChromeTraceInput traceInputOf(const RunData& run, const TimelineRows& rows);

// Reads `run`'s timeline from its file and writes it to `path`, whole or not at all. Returns ""
// or what went wrong, naming the file and what to do.
QString exportRunTrace(const RunData& run, const QString& path);

}  // namespace costscope
