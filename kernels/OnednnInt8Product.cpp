// One INT8 product through oneDNN matmul: X quantized into the matmul's layout, C scaled per row.
#include "kernels/OnednnInt8Product.h"

// GCC 12 reports the self-initialised placeholder inside its own AVX-512 intrinsics
// (_mm512_undefined_ps) as maybe uninitialised (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#include <omp.h>

#include <cstring>
#include <optional>

#include "kernels/OnednnSupport.h"
#include "kernels/SimdPath.h"
#include "kernels/Variant.h"

namespace costscope {
namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

// W's codes are held as code + 128 (u8); the matmul's source zero point takes the 128 off again.
constexpr int32_t kWeightShift = 128;
// Below this many elements a pass runs on one thread: waking the other threads would cost more
// than the pass (the model's small layers).
constexpr int64_t kParallelElements = int64_t(1) << 14;

using VnniBlocks = OnednnInt8Product::VnniBlocks;

// The layout of `desc` when it is oneDNN 2.6's int8 VNNI weights layout with the zero point's
// compensation and nothing else, dense, column blocks outermost; nullopt for any other layout.
// Reads dnnl_memory_desc_t's fields: oneDNN 2.x exposes them (3.x would need queries).
std::optional<VnniBlocks> vnniBlocksOf(const dnnl::memory::desc& desc) {
    const dnnl_memory_desc_t& d = desc.data;
    if (d.ndims != 2 || d.format_kind != dnnl_blocked || d.offset0 != 0)
        return std::nullopt;
    const dnnl_blocking_desc_t& b = d.format_desc.blocking;
    if (b.inner_nblks != 3 || b.inner_blks[0] != 16 || b.inner_idxs[0] != 0 ||
        b.inner_idxs[1] != 1 || b.inner_blks[1] % 16 != 0 || b.inner_blks[2] != 4 ||
        b.inner_idxs[2] != 0)
        return std::nullopt;
    if (d.extra.flags != dnnl_memory_extra_flag_compensation_conv_asymmetric_src ||
        d.extra.asymm_compensation_mask != (1 << 1))
        return std::nullopt;
    const VnniBlocks blocks{.paddedK = d.padded_dims[0],
                            .paddedN = d.padded_dims[1],
                            .block = b.inner_blks[1],
                            .kBlockStride = b.strides[0],
                            .nBlockStride = b.strides[1]};
    const bool dense = blocks.paddedK % 64 == 0 && blocks.paddedN % blocks.block == 0 &&
                       blocks.kBlockStride == 64 * blocks.block &&
                       blocks.nBlockStride == blocks.paddedK * blocks.block;
    const auto bytes = size_t(blocks.paddedK * blocks.paddedN + blocks.paddedN * 4);
    if (!dense || desc.get_size() < bytes)
        return std::nullopt;
    return blocks;
}

// The first `valid` of 16 lanes (all 16 when valid >= 16, none when valid <= 0).
inline __mmask16 firstLanes(int64_t valid) {
    return valid >= 16  ? __mmask16(0xffff)
           : valid <= 0 ? __mmask16(0)
                        : __mmask16((1u << valid) - 1);
}

// Step 1: X (k x n f32 row-major) to int8 codes in the VNNI blocks, with the compensation, in
// one pass over X. Each thread owns a range of 16-column groups (their codes and
// column sums are independent) and walks down X four rows at a time, reading its part of each row
// contiguously. The padding (rows >= k, columns >= n) is written as zeros: oneDNN's kernels
// multiply it.
__attribute__((target("avx512f"))) void quantizeIntoVnni(const float* x, int64_t k, int64_t n,
                                                         float inverseScale, const VnniBlocks& l,
                                                         int8_t* out) {
    auto* const compensation = reinterpret_cast<int32_t*>(out + l.paddedK * l.paddedN);
    const int64_t groups = l.paddedN / 16;
#pragma omp parallel if (k * n >= kParallelElements)
    {
        const int64_t threads = omp_get_num_threads(), thread = omp_get_thread_num();
        const int64_t first = groups * thread / threads, last = groups * (thread + 1) / threads;
        const __m512 scale = _mm512_set1_ps(inverseScale);
        const __m512 lowest = _mm512_set1_ps(-127.0f), highest = _mm512_set1_ps(127.0f);
        const __m512i lowByte = _mm512_set1_epi32(0xff);
        for (int64_t g = first; g < last; ++g)
            _mm512_storeu_si512(compensation + g * 16, _mm512_setzero_si512());
        for (int64_t r = 0; r < l.paddedK; r += 4) {
            int8_t* const rows = out + r / 64 * l.kBlockStride + r % 64 / 4 * (l.block * 4);
            for (int64_t g = first; g < last; ++g) {
                const int64_t c0 = g * 16;
                const __mmask16 valid = firstLanes(n - c0);
                __m512i q[4];
                for (int64_t i = 0; i < 4; ++i) {
                    if (r + i >= k || valid == 0) {
                        q[i] = _mm512_setzero_si512();
                        continue;
                    }
                    // Clamped before the conversion, so a value past the calibrated range
                    // saturates to +-127 (NaN to -127: max returns its second operand).
                    __m512 v = _mm512_maskz_loadu_ps(valid, x + (r + i) * n + c0);
                    v = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(v, scale), lowest), highest);
                    q[i] = _mm512_cvtps_epi32(v);  // nearest even, MXCSR's default mode
                }
                int32_t* const sums = compensation + c0;
                const __m512i sum =
                    _mm512_add_epi32(_mm512_add_epi32(q[0], q[1]), _mm512_add_epi32(q[2], q[3]));
                _mm512_storeu_si512(sums, _mm512_sub_epi32(_mm512_loadu_si512(sums), sum));
                // Column j's four codes side by side in one int32 lane: rows r..r+3.
                __m512i four = _mm512_and_si512(q[0], lowByte);
                four = _mm512_or_si512(four, _mm512_slli_epi32(_mm512_and_si512(q[1], lowByte), 8));
                four =
                    _mm512_or_si512(four, _mm512_slli_epi32(_mm512_and_si512(q[2], lowByte), 16));
                four = _mm512_or_si512(four, _mm512_slli_epi32(q[3], 24));
                _mm512_storeu_si512(rows + c0 / l.block * l.nBlockStride + c0 % l.block * 4, four);
            }
        }
    }
}

// Step 3: C(i, j) = float(acc(i, j)) * rowScales[i], in place over the int32 accumulators.
void scaleRows(float* c, int64_t m, int64_t n, const float* rowScales) {
#pragma omp parallel for if (m * n >= kParallelElements) schedule(static)
    for (int64_t i = 0; i < m; ++i) {
        float* const row = c + i * n;
        const float scale = rowScales[i];
        for (int64_t j = 0; j < n; ++j) {
            int32_t acc;  // oneDNN wrote int32 into the float buffer: read the bits as they are
            std::memcpy(&acc, row + j, sizeof acc);
            row[j] = float(acc) * scale;
        }
    }
}

bool hasAvx512Vnni() {
    using dnnl::cpu_isa;
    const cpu_isa isa = dnnl::get_effective_cpu_isa();
    return isa == cpu_isa::avx512_core_vnni || isa == cpu_isa::avx512_core_bf16 ||
           isa == cpu_isa::avx512_core_amx;
}

}  // namespace

std::string OnednnInt8Product::cpuRefusal() {
    if (!hasAvx512Vnni())
        return "oneDNN's int8 matmul needs AVX-512 VNNI to sum full-range int8 codes exactly; "
               "without it products saturate in 16 bits (oneDNN ISA: " +
               onednnCpuIsa() + ")";
    if (!simdPathSupported(SimdPath::Avx512))
        return "quantizing X into oneDNN's VNNI blocks needs AVX-512F";
    return {};
}

OnednnInt8Product::OnednnInt8Product(const dnnl::engine& engine, const Int8Matrix& w8, int64_t n,
                                     float xScale, const float* x, float* c)
    : engine_(engine),
      m_(w8.rows()),
      n_(n),
      k_(w8.cols()),
      x_(x),
      c_(c),
      wShifted_(size_t(w8.rows() * w8.cols())),
      wScales_(w8.scales()),
      xScale_(xScale) {
    // Without VNNI oneDNN 2.6 runs int8 matmuls through gemm:jit, whose vpmaddubsw sums each pair
    // of u8 * s8 products in 16 bits with saturation: with codes up to 127 most sums come out
    // wrong (OnednnInt8ProductWithoutVnni, a CTest run held to AVX2, sees it refused here).
    if (const std::string refusal = cpuRefusal(); !refusal.empty())
        throw Unsupported(refusal);
    const dnnl::memory::dim m = m_, k = k_;
    for (size_t i = 0; i < wShifted_.size(); ++i)
        wShifted_[i] = uint8_t(int32_t(w8.codes()[i]) + kWeightShift);
    rowScales_.resize(size_t(m));
    for (int64_t i = 0; i < m; ++i)
        rowScales_[size_t(i)] = w8.scaleOfRow(i) * xScale_;

    // dst = src * weights with src = W (u8, zero point 128), weights = X (s8, in the layout
    // oneDNN asks for), dst = C's buffer holding int32.
    const dnnl::memory::desc srcDesc({m, k}, dt::u8, tag::ab);
    const dnnl::memory::desc dstDesc({m, n}, dt::s32, tag::ab);
    dnnl::primitive_attr attr;
    attr.set_zero_points(DNNL_ARG_SRC, /*mask=*/0, {kWeightShift});
    dnnl::matmul::primitive_desc pd;
    try {
        pd = dnnl::matmul::primitive_desc(
            dnnl::matmul::desc(srcDesc, dnnl::memory::desc({k, n}, dt::s8, tag::any), dstDesc),
            attr, engine_);
    } catch (const dnnl::error& e) {
        throw Unsupported(
            std::string("oneDNN cannot create an int8 matmul on this CPU (oneDNN ISA: ") +
            onednnCpuIsa() + "): " + e.what());
    }
    requireOptimised(pd.impl_info_str(), "the int8 matmul");
    const dnnl::memory::desc weightsDesc = pd.weights_desc();
    const std::optional<VnniBlocks> blocks = vnniBlocksOf(weightsDesc);
    if (!blocks)
        throw Unsupported(std::string("oneDNN's int8 matmul (") + pd.impl_info_str() +
                          ") asks for a weights layout other than the VNNI blocks costscope "
                          "quantizes X into");
    blocks_ = *blocks;
    matmul_ = dnnl::matmul(pd);

    x8_ = dnnl::memory(weightsDesc, engine_);
    // Whatever step 1 leaves unwritten (oneDNN 2.6 reserves three compensation arrays and reads
    // one) stays zero.
    std::memset(x8_.get_data_handle(), 0, weightsDesc.get_size());
    matmulArgs_ = {{DNNL_ARG_SRC, dnnl::memory(srcDesc, engine_, wShifted_.data())},
                   {DNNL_ARG_WEIGHTS, x8_},
                   {DNNL_ARG_DST, dnnl::memory(dstDesc, engine_, c_)}};
    implementation_ = std::string("oneDNN ") + pd.impl_info_str() +
                      ", u8 W (zero point 128) x s8 X -> s32 (quantize X into its VNNI blocks: "
                      "costscope avx512f; scale C per row: costscope)";
}

void OnednnInt8Product::execute(dnnl::stream& stream) {
    quantizeIntoVnni(x_, k_, n_, 1.0f / xScale_, blocks_,
                     static_cast<int8_t*>(x8_.get_data_handle()));
    matmul_.execute(stream, matmulArgs_);
    stream.wait();
    scaleRows(c_, m_, n_, rowScales_.data());
}

std::vector<int8_t> OnednnInt8Product::weightCodes() const {
    std::vector<int8_t> codes(wShifted_.size());
    for (size_t i = 0; i < codes.size(); ++i)
        codes[i] = int8_t(int32_t(wShifted_[i]) - kWeightShift);
    return codes;
}

std::vector<int8_t> OnednnInt8Product::activationCodes(dnnl::stream& stream) const {
    std::vector<int8_t> codes(size_t(k_ * n_));
    dnnl::memory packed = x8_;
    dnnl::memory plain({{k_, n_}, dt::s8, tag::ab}, engine_, codes.data());
    dnnl::reorder(
        dnnl::reorder::primitive_desc(engine_, packed.get_desc(), engine_, plain.get_desc()))
        .execute(stream, packed, plain);
    stream.wait();
    return codes;
}

}  // namespace costscope
