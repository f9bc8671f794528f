// The summary table costscope-record prints on stdout, read back from the recording file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "profiler/store/RecordingRows.h"

namespace costscope {

// Milliseconds for people: three decimals from 0.1 ms up, three significant digits below, so a
// 16^3 product reads 0.000413 rather than 0.000.
std::string formatMilliseconds(double ms);

// A wall time for people, as precise as it needs to be: "0.04 s", "0.4 s", "45 s",
// "7 min 30 s", "2 h 5 min".
std::string formatWallTime(double seconds);

// One line per measured or failed variant (median, p5-p95, GFLOP/s, errors, memory), then the
// skipped variants grouped by reason, so a missing GPU is one line, not one per variant.
std::string formatSummaryTable(const std::vector<VariantSummaryRow>& rows);

// The skipped variants, one line per reason ("skipped 20 variants: <reason>"), then their names
// indented: what the table ends with, and what --list says this machine would skip.
std::string formatSkipped(const std::map<std::string, std::vector<std::string>>& namesByReason);

// One line per device, backend and shape: from which sparsity pruning beats the speedup
// reference (profiler/analysis/BreakEven.h: the bracket measured and the estimate inside it);
// where several backends ran the same pruning, a line naming the one that pays first.
std::string formatBreakEvens(const std::vector<VariantSummaryRow>& rows);

}  // namespace costscope
