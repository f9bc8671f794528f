// The run's rows, its variants and names handed to the Chrome trace writer.
#include "app/trace/TraceExport.h"

#include <exception>

#include "app/core/RunLoader.h"

using namespace Qt::StringLiterals;

namespace costscope {

ChromeTraceInput traceInputOf(const RunData& run, const TimelineRows& rows) {
    ChromeTraceInput input;
    input.rows = &rows;
    input.source = run.format + ": " + run.path + ", run " + std::to_string(run.run.id);
    input.hostName = (run.imported ? std::string("host") : std::string("costscope-record")) +
                     (run.run.info.host.empty() ? std::string() : " · " + run.run.info.host);
    // An export's NVTX ranges are in its rows; its variants are those ranges, not spans of time.
    if (!run.imported) {
        for (const VariantSummaryRow& variant : run.variants) {
            if (variant.status != VariantStatus::Skipped && variant.startedNs > 0 &&
                variant.endedNs > variant.startedNs) {
                input.hostSpans.push_back({.variantId = variant.variantId,
                                           .name = variant.name,
                                           .device = variant.device,
                                           .startNs = variant.startedNs,
                                           .endNs = variant.endedNs});
            }
        }
    }
    for (const DeviceRow& device : run.devices) {
        if (device.info.gpuTarget) {
            input.gpuNames[uint32_t(device.info.gpuTarget->id)] = device.info.name;
        }
    }
    return input;
}

QString exportRunTrace(const RunData& run, const QString& path) {
    const QString file = QString::fromStdString(run.path);
    try {
        const TimelineRows rows = loadTimelineRows(run);
        exportChromeTrace(path.toStdString(), traceInputOf(run, rows));
    } catch (const std::exception& error) {
        const QString what = QString::fromStdString(error.what());
        return what.contains(path) || what.contains(file) ? what : describeLoadFailure(file, error);
    }
    return {};
}

}  // namespace costscope
