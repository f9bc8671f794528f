// What one measured variant is: a workload, its compression, its backend, its device, its shape.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace costscope {

struct VariantSpec {
    std::string family;     // gemm | pruned | quantized | mlp (the model workload)
    std::string device;     // cpu | gpu
    std::string backend;    // openblas | onednn | librsb | costscope | cublas | ...
    std::string precision;  // fp32 | tf32 | fp16 | bf16 | int8 | fp8
    // dense | csr | 2:4 | struct (whole output features removed: a smaller dense product, and
    // for mlp whole neurons removed: a smaller dense model)
    std::string structure;
    // The fraction of weight entries pruned (zero, or removed with their feature), 0..1.
    double sparsity = 0.0;
    // C(m x n) = W(m x k) * X(k x n): W is the weight (output features x input features, the
    // layout PyTorch stores), X the activations with n columns (batch or tokens).
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    int64_t batch = 1;  // independent products per iteration (the model's batch lives in n)
    // mlp only: the ModelZoo model (e.g. "pruned90-ft"); empty for the GEMM families. An mlp
    // spec has m = 10 classes, k = 784 input features and n = the batch of images.
    std::string model;
    // When > 0, the dense-equivalent operations per column of X (per image for mlp), which
    // flops() then uses instead of 2 * m * k: a model is several products, not one.
    double flopsPerColumn = 0;

    // Unique within a suite, stable across recordings, matched by --only globs.
    // e.g. "gemm/fp32/openblas/cpu/1024x1024x1024", "pruned/csr90/librsb/cpu/2048x2048x2048",
    // "pruned/struct50/openblas/cpu/2048x2048x2048" ("struct50-int8" when quantized too),
    // "mlp/pruned90-ft/costscope/cpu/b64" (the model, then the batch of images).
    std::string name() const {
        if (family == "mlp")
            return family + '/' + model + '/' + backend + '/' + device + "/b" + std::to_string(n);
        std::string tag = precision;
        if (structure == "csr")
            tag = "csr" + percent(sparsity);
        if (structure == "2:4")
            tag = "2:4";
        if (structure == "struct")
            tag = "struct" + percent(sparsity) + (precision == "fp32" ? "" : "-" + precision);
        std::string text = family + '/' + tag + '/' + backend + '/' + device + '/' +
                           std::to_string(m) + 'x' + std::to_string(n) + 'x' + std::to_string(k);
        if (batch > 1)
            text += 'x' + std::to_string(batch);
        return text;
    }

    // Dense-equivalent operations of one iteration (2*m*n*k*batch, or flopsPerColumn*n*batch):
    // compressed variants are credited with the work they replace, so GFLOP/s compare across
    // compressions.
    double flops() const {
        if (flopsPerColumn > 0)
            return flopsPerColumn * double(n) * double(batch);
        return 2.0 * double(m) * double(n) * double(k) * double(batch);
    }

    bool operator==(const VariantSpec&) const = default;

  private:
    // 0.9 -> "90", 0.999 -> "99.9": as short as the value allows.
    static std::string percent(double fraction) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", fraction * 100.0);
        return text;
    }
};

}  // namespace costscope
