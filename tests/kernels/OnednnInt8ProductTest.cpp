// The shared INT8 product (kernels/OnednnInt8Product) against FP64 products of its codes, on odd
// shapes: the codes it quantizes, the layout it packs them into, the per-row scales it applies.
#include <gtest/gtest.h>

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/AlignedBuffer.h"
#include "kernels/Catalog.h"
#include "kernels/Int8Matrix.h"
#include "kernels/OnednnInt8Product.h"
#include "kernels/OnednnSupport.h"
#include "kernels/Reference.h"
#include "kernels/Variant.h"

namespace costscope {
namespace {

struct Shape {
    int64_t m, n, k;
};

// Tails in every direction: rows and columns of one, k below and above the 64-row blocks and
// not a multiple of 4, n below, at and across the 16- and 64-column blocks.
const Shape kShapes[] = {{1, 1, 1},     {33, 17, 65},   {17, 33, 9},    {127, 65, 257},
                         {64, 1, 300},  {3, 129, 70},   {200, 130, 64}, {5, 300, 3},
                         {48, 64, 128}, {70, 200, 1000}};

AlignedBuffer<float> randomMatrix(int64_t count, uint64_t seed) {
    AlignedBuffer<float> values(static_cast<size_t>(count));
    std::mt19937_64 engine(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : values)
        v = normal(engine);
    return values;
}

// The rule the product documents: round-to-nearest-even(x * (1 / scale)), clamped to +-127.
std::vector<int8_t> expectedCodes(const AlignedBuffer<float>& x, float scale) {
    const float inverse = 1.0f / scale;
    std::vector<int8_t> codes(x.size());
    for (size_t i = 0; i < x.size(); ++i)
        codes[i] = int8_t(std::clamp(std::nearbyint(x[i] * inverse), -127.0f, 127.0f));
    return codes;
}

// C's FP64 reference from the codes: scale_x * scale_w[i] * sum_p w(i, p) x(p, j).
std::vector<double> referenceOfCodes(const Int8Matrix& w8, const std::vector<int8_t>& xCodes,
                                     float xScale, int64_t n) {
    const int64_t m = w8.rows(), k = w8.cols();
    const std::vector<double> w = w8.dequantize();
    std::vector<double> x(xCodes.size());
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = double(xCodes[i]) * double(xScale);
    return fp64Product(w.data(), x.data(), m, n, k);
}

std::string label(Shape s) {
    return std::to_string(s.m) + "x" + std::to_string(s.n) + "x" + std::to_string(s.k);
}

// The product's error against its codes' FP64 product, element by element: its only rounding is
// FP32's, of scale_x * scale_w[i] and of the result (and of acc beyond 2^24, not reached here).
void expectMatchesCodes(const AlignedBuffer<float>& c, const std::vector<double>& reference,
                        const std::string& where) {
    ASSERT_EQ(c.size(), reference.size()) << where;
    for (size_t i = 0; i < c.size(); ++i)
        ASSERT_LE(std::fabs(double(c[i]) - reference[i]), 3e-7 * std::fabs(reference[i]))
            << where << " element " << i << ": " << c[i] << " vs " << reference[i];
}

bool vnniCpu() {
    const std::string isa = onednnCpuIsa();
    return isa == "avx512_core_vnni" || isa == "avx512_core_bf16" || isa == "avx512_core_amx";
}

class OnednnInt8ProductTest : public ::testing::Test {
  protected:
    // Only a CPU without AVX-512 VNNI may refuse (RefusesACpuWithoutVnni checks that it does).
    void SetUp() override {
        if (!vnniCpu())
            GTEST_SKIP() << "no AVX-512 VNNI (oneDNN ISA: " << onednnCpuIsa() << ")";
    }

    dnnl::engine engine_{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream_{engine_};
};

// oneDNN 2.6's int8 matmul without VNNI (gemm:jit) saturates pairs of full-range products in
// 16 bits; the product refuses rather than measure wrong sums. CTest runs this file once more
// with oneDNN held to AVX2 (OnednnInt8ProductWithoutVnni), where this is the test that runs.
TEST(OnednnInt8Product, RefusesACpuWithoutVnni) {
    const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    const AlignedBuffer<float> w = randomMatrix(4 * 8, 1);
    const AlignedBuffer<float> x = randomMatrix(8 * 3, 2);
    AlignedBuffer<float> c(4 * 3);
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(w.data(), 4, 8);
    const auto make = [&] { OnednnInt8Product(engine, w8, 3, 0.01f, x.data(), c.data()); };
    if (vnniCpu()) {
        EXPECT_NO_THROW(make());
    } else {
        EXPECT_THROW(make(), Unsupported);
    }
}

// What the recorder's --list and its runner know before building a variant is this refusal, for
// every spec that runs the product, and nothing for the others.
TEST(OnednnInt8Product, KnownRefusalOfItsSpecsIsItsOwn) {
    const VariantSpec gemm{.family = "quantized",
                           .device = "cpu",
                           .backend = "onednn",
                           .precision = "int8",
                           .structure = "dense",
                           .m = 8,
                           .n = 8,
                           .k = 8};
    VariantSpec model = gemm;
    model.family = "mlp";
    model.model = "int8";
    VariantSpec fp32 = gemm;
    fp32.family = "gemm";
    fp32.precision = "fp32";
    EXPECT_EQ(OnednnInt8Product::cpuRefusal().empty(), vnniCpu());
    EXPECT_EQ(knownRefusal(gemm), OnednnInt8Product::cpuRefusal());
    EXPECT_EQ(knownRefusal(model), OnednnInt8Product::cpuRefusal());
    EXPECT_EQ(knownRefusal(fp32), "");
}

TEST_F(OnednnInt8ProductTest, MatchesTheFp64ProductOfItsCodes) {
    for (const Shape s : kShapes) {
        SCOPED_TRACE(label(s));
        const AlignedBuffer<float> w = randomMatrix(s.m * s.k, 1);
        const AlignedBuffer<float> x = randomMatrix(s.k * s.n, 2);
        AlignedBuffer<float> c(size_t(s.m * s.n));
        const Int8Matrix w8 = Int8Matrix::quantizePerRow(w.data(), s.m, s.k);
        const float xScale = Int8Matrix::symmetricScale(x.span());
        OnednnInt8Product product(engine_, w8, s.n, xScale, x.data(), c.data());
        product.execute(stream_);

        const std::vector<int8_t> codes = product.activationCodes(stream_);
        EXPECT_EQ(codes, expectedCodes(x, xScale));
        const std::vector<int8_t> held = product.weightCodes();
        ASSERT_EQ(held.size(), size_t(s.m * s.k));
        EXPECT_EQ(std::memcmp(held.data(), w8.codes(), held.size()), 0);
        EXPECT_EQ(product.weightScales(), w8.scales());
        EXPECT_EQ(product.weightBytes(), s.m * s.k + s.m * 4);

        const std::vector<double> reference = referenceOfCodes(w8, codes, xScale, s.n);
        expectMatchesCodes(c, reference, label(s));
        EXPECT_LT(relativeFrobeniusError(c.span(), reference), 1e-6);
        // Against the FP32 operands: 8 bits per operand cost about 1 % here, never nothing.
        const double approx =
            relativeFrobeniusError(c.span(), fp64Product(w.data(), x.data(), s.m, s.n, s.k));
        EXPECT_LT(approx, 0.05);
        if (s.k > 1) {
            EXPECT_GT(approx, 1e-4);
        }

        const std::string implementation = product.implementation();
        EXPECT_EQ(implementation.rfind("oneDNN ", 0), 0u) << implementation;
        EXPECT_EQ(implementation.find("ref"), std::string::npos) << implementation;
        EXPECT_NE(implementation.find("VNNI blocks"), std::string::npos) << implementation;
    }
}

TEST_F(OnednnInt8ProductTest, PacksByteForByteAsOnednnsOwnReorder) {
    for (const Shape s : kShapes) {
        SCOPED_TRACE(label(s));
        const AlignedBuffer<float> w = randomMatrix(s.m * s.k, 3);
        const AlignedBuffer<float> x = randomMatrix(s.k * s.n, 4);
        AlignedBuffer<float> c(size_t(s.m * s.n));
        const Int8Matrix w8 = Int8Matrix::quantizePerRow(w.data(), s.m, s.k);
        OnednnInt8Product product(engine_, w8, s.n, Int8Matrix::symmetricScale(x.span()), x.data(),
                                  c.data());
        product.execute(stream_);

        // oneDNN packs the same codes (and computes the compensation) itself.
        std::vector<int8_t> codes = product.activationCodes(stream_);
        const dnnl::memory::desc packedDesc = product.packedActivations().get_desc();
        dnnl::memory plain({{s.k, s.n}, dnnl::memory::data_type::s8, dnnl::memory::format_tag::ab},
                           engine_, codes.data());
        dnnl::memory theirs(packedDesc, engine_);
        std::memset(theirs.get_data_handle(), 0, packedDesc.get_size());
        dnnl::reorder(plain, theirs).execute(stream_, plain, theirs);
        stream_.wait();

        // The codes (padding included) and, where the layout has one, the zero point's
        // compensation: an int32 per padded column. (oneDNN 2.6 reserves three times that and
        // leaves the rest unwritten.)
        const dnnl_memory_desc_t& d = packedDesc.data;
        size_t bytes = 1;
        for (int i = 0; i < d.ndims; ++i)
            bytes *= size_t(d.padded_dims[i]);
        if (d.extra.flags & dnnl_memory_extra_flag_compensation_conv_asymmetric_src)
            bytes += size_t(d.padded_dims[1]) * sizeof(int32_t);
        ASSERT_LE(bytes, packedDesc.get_size());
        EXPECT_EQ(std::memcmp(product.packedActivations().get_data_handle(),
                              theirs.get_data_handle(), bytes),
                  0);
    }
}

TEST_F(OnednnInt8ProductTest, QuantizesTheActivationsAgainInEveryCall) {
    const Shape s{37, 70, 130};
    const AlignedBuffer<float> w = randomMatrix(s.m * s.k, 5);
    AlignedBuffer<float> x = randomMatrix(s.k * s.n, 6);
    AlignedBuffer<float> c(size_t(s.m * s.n));
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(w.data(), s.m, s.k);
    const float xScale = Int8Matrix::symmetricScale(x.span());
    OnednnInt8Product product(engine_, w8, s.n, xScale, x.data(), c.data());
    product.execute(stream_);
    // New activations in the same buffer, within the calibrated range: a new result.
    const AlignedBuffer<float> fresh = randomMatrix(s.k * s.n, 7);
    const float shrink = xScale / Int8Matrix::symmetricScale(fresh.span());
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = fresh[i] * shrink;
    product.execute(stream_);
    const std::vector<int8_t> codes = product.activationCodes(stream_);
    EXPECT_EQ(codes, expectedCodes(x, xScale));
    expectMatchesCodes(c, referenceOfCodes(w8, codes, xScale, s.n), "second call");
}

TEST_F(OnednnInt8ProductTest, SaturatesActivationsBeyondTheCalibratedRange) {
    const Shape s{20, 33, 67};
    const AlignedBuffer<float> w = randomMatrix(s.m * s.k, 8);
    const AlignedBuffer<float> x = randomMatrix(s.k * s.n, 9);
    AlignedBuffer<float> c(size_t(s.m * s.n));
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(w.data(), s.m, s.k);
    // Calibrated on a quarter of the range: the larger activations clamp to +-127.
    const float xScale = Int8Matrix::symmetricScale(x.span()) / 4.0f;
    OnednnInt8Product product(engine_, w8, s.n, xScale, x.data(), c.data());
    product.execute(stream_);
    const std::vector<int8_t> codes = product.activationCodes(stream_);
    EXPECT_EQ(codes, expectedCodes(x, xScale));
    EXPECT_NE(std::find(codes.begin(), codes.end(), int8_t(127)), codes.end());
    EXPECT_NE(std::find(codes.begin(), codes.end(), int8_t(-127)), codes.end());
    EXPECT_EQ(std::find(codes.begin(), codes.end(), int8_t(-128)), codes.end());
    expectMatchesCodes(c, referenceOfCodes(w8, codes, xScale, s.n), "saturated");
}

}  // namespace
}  // namespace costscope
