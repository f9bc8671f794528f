// The arithmetic of the copies table: per kind, sizes' statistics and summed time.
#include "profiler/store/CopySummary.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "profiler/Saturating.h"

namespace costscope {

namespace {

constexpr int64_t kMemset = -1;
constexpr int64_t kLargest = int64_t(1) << 60;

}  // namespace

const char* CopySummary::operationName(int64_t copyKind) {
    switch (copyKind) {
        case kMemset:
            return "[CUDA memset]";
        case 1:
            return "[CUDA memcpy Host-to-Device]";
        case 2:
            return "[CUDA memcpy Device-to-Host]";
        case 3:
            return "[CUDA memcpy Host-to-Array]";
        case 4:
            return "[CUDA memcpy Array-to-Host]";
        case 5:
            return "[CUDA memcpy Array-to-Array]";
        case 6:
            return "[CUDA memcpy Array-to-Device]";
        case 7:
            return "[CUDA memcpy Device-to-Array]";
        case 8:
            return "[CUDA memcpy Device-to-Device]";
        case 9:
            return "[CUDA memcpy Host-to-Host]";
        case 10:
            return "[CUDA memcpy Peer-to-Peer]";
        case 11:
            return "[CUDA memcpy Unified Host-to-Device]";
        case 12:
            return "[CUDA memcpy Unified Device-to-Host]";
        case 13:
            return "[CUDA memcpy Unified Device-to-Device]";
        default:
            return "[CUDA memcpy Unknown]";
    }
}

void CopySummary::add(int64_t kind, int64_t bytes, int64_t start, int64_t end) {
    auto found = std::find_if(kinds_.begin(), kinds_.end(),
                              [kind](const auto& entry) { return entry.first == kind; });
    if (found == kinds_.end()) {
        kinds_.emplace_back(kind, Operations{});
        found = kinds_.end() - 1;
    }
    found->second.bytes.push_back(std::clamp<int64_t>(bytes, 0, kLargest));
    found->second.totalNs = saturatingAdd(found->second.totalNs, saturatingDuration(start, end));
}

void CopySummary::addCopy(int64_t copyKind, int64_t bytes, int64_t start, int64_t end) {
    // Kinds CUPTI does not define read as one unknown kind (0), never as a memset.
    add(copyKind >= 0 && copyKind <= 13 ? copyKind : 0, bytes, start, end);
}

void CopySummary::addMemset(int64_t bytes, int64_t start, int64_t end) {
    add(kMemset, bytes, start, end);
}

std::vector<CopySummaryRow> CopySummary::rows() const {
    std::vector<CopySummaryRow> rows;
    int64_t allNs = 0;
    for (const auto& [kind, operations] : kinds_) {
        std::vector<int64_t> sizes = operations.bytes;
        const size_t n = sizes.size();
        CopySummaryRow row{.operation = operationName(kind),
                           .count = int64_t(n),
                           .minBytes = *std::min_element(sizes.begin(), sizes.end()),
                           .maxBytes = *std::max_element(sizes.begin(), sizes.end()),
                           .totalNs = operations.totalNs};
        for (const int64_t size : sizes) {
            row.totalBytes = saturatingAdd(row.totalBytes, size);
        }
        row.avgBytes = double(row.totalBytes) / double(n);
        double squares = 0;
        for (const int64_t size : sizes) {
            squares += (double(size) - row.avgBytes) * (double(size) - row.avgBytes);
        }
        row.stddevBytes = n > 1 ? std::sqrt(squares / double(n - 1)) : 0.0;
        std::sort(sizes.begin(), sizes.end());
        row.medianBytes = n % 2 == 1 ? double(sizes[n / 2])
                                     : (double(sizes[n / 2 - 1]) + double(sizes[n / 2])) / 2.0;
        allNs = saturatingAdd(allNs, row.totalNs);
        rows.push_back(std::move(row));
    }
    for (CopySummaryRow& row : rows) {
        row.percent = allNs != 0 ? 100.0 * double(row.totalNs) / double(allNs) : 0.0;
    }
    std::sort(rows.begin(), rows.end(), [](const CopySummaryRow& a, const CopySummaryRow& b) {
        return std::tie(b.totalNs, b.count, a.operation) <
               std::tie(a.totalNs, a.count, b.operation);
    });
    return rows;
}

}  // namespace costscope
