// RunData's look-ups and its label.
#include "app/core/RunData.h"

#include <QDateTime>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace costscope {

QString RunData::label() const {
    const QDateTime started = QDateTime::fromMSecsSinceEpoch(run.info.startedUnixNs / 1'000'000);
    return QString::fromStdString(run.info.suite) + u" #"_s + QString::number(run.id) + u" · "_s +
           QString::fromStdString(run.info.host) + u" · "_s +
           started.toString(u"yyyy-MM-dd HH:mm"_s);
}

const VariantSummaryRow* RunData::variantById(int64_t id) const {
    for (const VariantSummaryRow& variant : variants) {
        if (variant.variantId == id) {
            return &variant;
        }
    }
    return nullptr;
}

const VariantSummaryRow* RunData::variantByName(const std::string& name) const {
    for (const VariantSummaryRow& variant : variants) {
        if (variant.name == name) {
            return &variant;
        }
    }
    return nullptr;
}

QString whyNoEnergy(const VariantSummaryRow& variant) {
    if (!variant.energyNote.empty()) {
        return QString::fromStdString(variant.energyNote);
    }
    return u"energy not measured in this run (recorded with --no-energy, or by a costscope "
           u"before energy)"_s;
}

QString RunData::currency() const {
    for (const VariantSummaryRow& variant : variants) {
        if (!variant.currency.empty()) {
            return QString::fromStdString(variant.currency);
        }
    }
    return {};
}

const DeviceRow* RunData::device(const std::string& kind) const {
    for (const DeviceRow& device : devices) {
        if (device.info.kind == kind) {
            return &device;
        }
    }
    return nullptr;
}

bool RunData::hasGpuActivity() const {
    for (const VariantSummaryRow& variant : variants) {
        if (variant.kernelsPerCall.has_value() || variant.deviceMedianMs.has_value()) {
            return true;
        }
    }
    for (const KernelSummaryRow& kernel : kernels) {
        if (kernel.instances > 0) {
            return true;
        }
    }
    return false;
}

bool sameRun(const RunDataPtr& a, const RunDataPtr& b) {
    return (a == nullptr) == (b == nullptr) &&
           (a == nullptr || (a->path == b->path && a->run.id == b->run.id));
}

bool isRefreshOf(const ViewInput& next, const ViewInput& shown) {
    return next.run != nullptr && sameRun(next.run, shown.run) &&
           sameRun(next.baseline, shown.baseline) &&
           std::equal(next.machines.begin(), next.machines.end(), shown.machines.begin(),
                      shown.machines.end(), sameRun);
}

}  // namespace costscope
