// FleetRuns: machine names, told apart; the lead of a best machine, as tables write it.
#include "app/core/FleetRuns.h"

#include <QFileInfo>
#include <map>

#include "app/core/Format.h"

using namespace Qt::StringLiterals;

namespace costscope {

QString machineOf(const RunData& run) {
    QString devices;
    for (const DeviceRow& device : run.devices) {
        if (!devices.isEmpty()) {
            devices += u" + "_s;
        }
        devices += QString::fromStdString(device.info.name);
    }
    const QString host = QString::fromStdString(run.run.info.host);
    return devices.isEmpty() ? host : host + u" · "_s + devices;
}

std::vector<FleetRun> fleetRunsOf(const std::vector<RunDataPtr>& runs) {
    std::vector<QString> names;
    std::map<QString, int> uses;
    for (const RunDataPtr& run : runs) {
        names.push_back(machineOf(*run));
        ++uses[names.back()];
    }
    std::map<QString, int> withId;
    for (size_t i = 0; i < runs.size(); ++i) {
        if (uses[names[i]] > 1) {
            names[i] += u" · run "_s + QString::number(runs[i]->run.id);
            ++withId[names[i]];
        }
    }
    std::vector<FleetRun> fleet;
    for (size_t i = 0; i < runs.size(); ++i) {
        if (withId[names[i]] > 1) {
            names[i] += u" of "_s + QFileInfo(QString::fromStdString(runs[i]->path)).fileName();
        }
        fleet.push_back({names[i].toStdString(), &runs[i]->variants, &runs[i]->samples});
    }
    return fleet;
}

FleetGoal defaultGoal(const std::vector<RunDataPtr>& runs) {
    for (const RunDataPtr& run : runs) {
        for (const VariantSummaryRow& variant : run->variants) {
            if (variant.costPerMillionCalls) {
                return FleetGoal::Cheapest;
            }
        }
    }
    return FleetGoal::Fastest;
}

bool clearlyAhead(const std::optional<FleetMargin>& margin) {
    return !margin || margin->verdict == Verdict::Faster;
}

QString marginText(const FleetMargin& margin) {
    return formatRatio(margin.interval.ratio) + u"× (95 % CI "_s +
           formatRatio(margin.interval.low) + u"–"_s + formatRatio(margin.interval.high) +
           u"): "_s + QString::fromLatin1(toString(margin.verdict));
}

}  // namespace costscope
