// The summary table costscope-record prints on stdout, read back from the recording file.
#pragma once

#include <string>
#include <vector>

#include "profiler/store/RecordingRows.h"

namespace costscope {

// One line per measured or failed variant (median, p5-p95, GFLOP/s, errors, memory), then the
// skipped variants grouped by reason, so a missing GPU is one line, not one per variant.
std::string formatSummaryTable(const std::vector<VariantSummaryRow>& rows);

}  // namespace costscope
