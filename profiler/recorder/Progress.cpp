// Draws the progress bar (at most ten times a second) and the per-variant result lines.
#include "profiler/recorder/Progress.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "profiler/Clock.h"
#include "profiler/recorder/SummaryTable.h"

namespace costscope {
namespace {

constexpr int64_t kRedrawNs = 100'000'000;
constexpr int kBarWidth = 24;

std::string formatDuration(double seconds) {
    const auto total = int64_t(seconds + 0.5);
    char text[32];
    std::snprintf(text, sizeof text, "%" PRId64 ":%02" PRId64, total / 60, total % 60);
    return text;
}

}  // namespace

Progress::Progress(std::ostream& out, Style style, const std::vector<VariantSpec>& variants,
                   bool gpuUsable, int64_t rounds)
    : out_(out),
      style_(style),
      live_(style == Style::Live),
      variants_(variants.size()),
      total_(variants.size() * size_t(std::max<int64_t>(rounds, 1))),
      startNs_(monotonicNs()) {
    for (const auto& spec : variants)
        measuredSteps_ +=
            gpuUsable || spec.device != "gpu" ? size_t(std::max<int64_t>(rounds, 1)) : 0;
}

Progress::~Progress() {
    if (live_)
        clearLine();
}

void Progress::variantStarted(size_t step, size_t steps, const VariantSpec& spec) {
    current_ = step;
    total_ = steps;
    currentName_ = spec.name();
    timedIterations_ = 0;
    stepStartNs_ = monotonicNs();
    if (style_ == Style::Machine) {
        // Flushed at once: the reader shows the current variant while it is measured.
        out_ << formatEvent(step, steps, "running", currentName_) << '\n';
        out_.flush();
    }
    if (live_)
        redraw(stepStartNs_);
}

void Progress::iterationDone(size_t, int64_t timedIterations) {
    timedIterations_ = timedIterations;
    const int64_t now = monotonicNs();
    if (live_ && now - lastDrawNs_ > kRedrawNs)
        redraw(now);
}

void Progress::variantFinished(size_t step, size_t steps, const VariantRecord& record, bool last) {
    if (record.status == VariantStatus::Ok || record.status == VariantStatus::Failed) {
        measuredNs_ += monotonicNs() - stepStartNs_;
        ++measuredDone_;
    }
    if (style_ == Style::Machine) {
        out_ << formatEvent(step, steps, toString(record.status), record.spec.name()) << '\n';
        out_.flush();
        return;
    }
    if (!last) {
        if (live_)
            redraw(monotonicNs());
        return;
    }
    if (live_)
        clearLine();
    out_ << formatFinished(doneVariants_++, variants_, record) << '\n';
    if (live_)
        redraw(monotonicNs());
    out_.flush();
}

std::string Progress::formatFinished(size_t index, size_t total, const VariantRecord& record) {
    const int width = int(std::to_string(total).size());
    char head[64];
    std::snprintf(head, sizeof head, "[%*zu/%zu] %-8s", width, index + 1, total,
                  toString(record.status));
    std::string line = head;
    if (record.status == VariantStatus::Ok && record.stats) {
        const double ms = record.stats->medianNs * 1e-6;
        const double gflops = record.spec.flops() / record.stats->medianNs;
        char figures[96];
        const bool disagree = record.roundAgreement && record.roundAgreement->disagree;
        std::snprintf(figures, sizeof figures, "%10s ms %9.1f GFLOP/s%s%s  ",
                      formatMilliseconds(ms).c_str(), gflops, record.stats->noisy ? " (noisy)" : "",
                      disagree ? " (rounds disagree)" : "");
        line += figures;
        line += record.spec.name();
    } else {
        line += record.spec.name() + ": " + record.reason;
    }
    return line;
}

std::string Progress::formatEvent(size_t step, size_t steps, std::string_view state,
                                  const std::string& name) {
    std::string line = "progress " + std::to_string(step + 1) + ' ' + std::to_string(steps) + ' ';
    line += state;
    line += ' ';
    line += name;
    return line;
}

std::string Progress::eta() const {
    if (measuredDone_ == 0 || measuredDone_ >= measuredSteps_)
        return "ETA --:--";
    const double perStep = double(measuredNs_) / double(measuredDone_) * 1e-9;
    return "ETA " + formatDuration(perStep * double(measuredSteps_ - measuredDone_));
}

void Progress::redraw(int64_t nowNs) {
    lastDrawNs_ = nowNs;
    const int filled = total_ ? int(double(current_) / double(total_) * kBarWidth) : 0;
    std::string bar(size_t(filled), '#');
    bar.resize(kBarWidth, '-');
    std::string name = currentName_;
    if (name.size() > 48)
        name = "..." + name.substr(name.size() - 45);
    clearLine();
    out_ << '[' << bar << "] " << current_ + 1 << '/' << total_ << "  " << name << "  it "
         << timedIterations_ << "  " << formatDuration(double(nowNs - startNs_) * 1e-9) << "  "
         << eta();
    out_.flush();
}

void Progress::clearLine() {
    out_ << "\r\033[K";
}

}  // namespace costscope
