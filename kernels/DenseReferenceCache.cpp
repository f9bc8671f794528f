// The single-entry, mutex-guarded cache of the FP64 dense product.
#include "kernels/DenseReferenceCache.h"

#include <array>
#include <mutex>

#include "kernels/Reference.h"

namespace costscope {
namespace {

struct Entry {
    std::mutex mutex;
    std::array<int64_t, 3> shape{};
    std::shared_ptr<const std::vector<double>> product;
    int64_t computations = 0;
};

Entry& entry() {
    static Entry instance;
    return instance;
}

}  // namespace

std::shared_ptr<const std::vector<double>> DenseReferenceCache::product(const Operands& operands) {
    Entry& e = entry();
    const std::array<int64_t, 3> shape{operands.m, operands.n, operands.k};
    std::lock_guard lock(e.mutex);
    if (!e.product || e.shape != shape) {
        e.product.reset();  // free the old product before allocating the new one
        e.product = std::make_shared<const std::vector<double>>(
            fp64Product(operands.w.data(), operands.x.data(), operands.m, operands.n, operands.k));
        e.shape = shape;
        ++e.computations;
    }
    return e.product;
}

void DenseReferenceCache::clear() {
    Entry& e = entry();
    std::lock_guard lock(e.mutex);
    e.product.reset();
}

int64_t DenseReferenceCache::computations() {
    Entry& e = entry();
    std::lock_guard lock(e.mutex);
    return e.computations;
}

}  // namespace costscope
