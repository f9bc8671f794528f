// cuSPARSELt, opened at run time: the few types and entry points the 2:4 variant uses.
#pragma once

#include <cuda_runtime_api.h>
#include <cusparse.h>  // cusparseStatus_t, cusparseOperation_t, cusparseOrder_t
#include <library_types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace costscope::cusparselt {

// cuSPARSELt is not part of the CUDA toolkit (it ships separately, often inside a Python wheel),
// so costscope neither includes its header nor links it: these declarations follow NVIDIA's
// cusparseLt.h of the 0.5 to 0.8 releases (the API of CUDA 12 and 13), and version() is checked
// before use. The opaque objects are caller-allocated and their size changed from release to
// release (cusparseLt.h: 1024 bytes in 0.1, 11024 in 0.4, 13072 in 0.6, 512 in 0.7.1 to 0.8.1),
// so each is given 64 KiB, room for any of them. Variants live on the heap, never the stack.
struct alignas(16) Opaque {
    uint8_t data[64 * 1024];
};
static_assert(sizeof(Opaque) >= 4 * 13072, "room for cuSPARSELt objects beyond 0.6's size");
using Handle = Opaque;
using MatDescriptor = Opaque;
using MatmulDescriptor = Opaque;
using MatmulAlgSelection = Opaque;
using MatmulPlan = Opaque;

// Enumerators, values as in cusparseLt.h (0.5 and later).
enum Sparsity : int { kSparsity50Percent = 0 };  // CUSPARSELT_SPARSITY_50_PERCENT
enum ComputeType : int { kCompute32I = 0, kCompute16F = 1, kCompute32F = 2 };  // CUSPARSE_COMPUTE_*
enum MatmulAlg : int { kMatmulAlgDefault = 0 };  // CUSPARSELT_MATMUL_ALG_DEFAULT
enum MatmulAlgAttribute : int { kAlgConfigId = 0, kAlgConfigMaxId = 1 };  // CUSPARSELT_MATMUL_ALG_*

struct Api {
    cusparseStatus_t (*init)(Handle*);
    cusparseStatus_t (*destroy)(const Handle*);
    cusparseStatus_t (*getProperty)(libraryPropertyType, int*);
    cusparseStatus_t (*denseDescriptorInit)(const Handle*, MatDescriptor*, int64_t rows,
                                            int64_t cols, int64_t ld, uint32_t alignment,
                                            cudaDataType valueType, cusparseOrder_t order);
    cusparseStatus_t (*structuredDescriptorInit)(const Handle*, MatDescriptor*, int64_t rows,
                                                 int64_t cols, int64_t ld, uint32_t alignment,
                                                 cudaDataType valueType, cusparseOrder_t order,
                                                 Sparsity sparsity);
    cusparseStatus_t (*matDescriptorDestroy)(const MatDescriptor*);
    cusparseStatus_t (*matmulDescriptorInit)(const Handle*, MatmulDescriptor*, cusparseOperation_t,
                                             cusparseOperation_t, const MatDescriptor* a,
                                             const MatDescriptor* b, const MatDescriptor* c,
                                             const MatDescriptor* d, ComputeType);
    cusparseStatus_t (*matmulAlgSelectionInit)(const Handle*, MatmulAlgSelection*,
                                               const MatmulDescriptor*, MatmulAlg);
    cusparseStatus_t (*matmulAlgSelectionDestroy)(const MatmulAlgSelection*);
    cusparseStatus_t (*matmulAlgGetAttribute)(const Handle*, const MatmulAlgSelection*,
                                              MatmulAlgAttribute, void* data, size_t dataSize);
    cusparseStatus_t (*matmulPlanInit)(const Handle*, MatmulPlan*, const MatmulDescriptor*,
                                       const MatmulAlgSelection*);
    cusparseStatus_t (*matmulPlanDestroy)(const MatmulPlan*);
    cusparseStatus_t (*matmulGetWorkspace)(const Handle*, const MatmulPlan*, size_t*);
    cusparseStatus_t (*matmul)(const Handle*, const MatmulPlan*, const void* alpha, const void* dA,
                               const void* dB, const void* beta, const void* dC, void* dD,
                               void* workspace, cudaStream_t* streams, int32_t numStreams);
    cusparseStatus_t (*spmmaPruneCheck)(const Handle*, const MatmulDescriptor*, const void* dIn,
                                        int* dValid, cudaStream_t);
    cusparseStatus_t (*spmmaCompressedSize)(const Handle*, const MatmulPlan*,
                                            size_t* compressedSize, size_t* compressBufferSize);
    cusparseStatus_t (*spmmaCompress)(const Handle*, const MatmulPlan*, const void* dDense,
                                      void* dCompressed, void* dCompressBuffer, cudaStream_t);
    const char* (*getErrorString)(cusparseStatus_t);  // may be null in old releases

    std::string path;  // what dlopen opened
    int major = 0;     // library version, from cusparseLtGetProperty
    int minor = 0;
    int patch = 0;
};

// One place cuSPARSELt is looked for.
struct Place {
    std::string path;    // a full path, or the bare soname for the dynamic loader's own search
    std::string origin;  // where the place came from, for the skip reason
};

struct Search {
    std::vector<Place> places;       // in the order api() tries them, without repeats
    std::vector<std::string> notes;  // python3 interpreters that could not be asked, and why

    // The first place that holds a file (the soname aside), or "". When there is one, a 2:4
    // variant skipped for want of the library is a fault to report, not an absence.
    std::string firstFile() const;
};

// Where cuSPARSELt may be, in this order: $COSTSCOPE_CUSPARSELT (a full path); the active virtual
// environment's site-packages ($VIRTUAL_ENV/lib/python3*/site-packages); the site-packages of
// each python3 on $PATH, asked once per interpreter per process (killed after `pythonTimeout`);
// then the plain soname, libcusparseLt.so.0, which the loader looks for on its own path. In each
// site-packages: nvidia/cusparselt/lib (the wheel nvidia-cusparselt-cu12/cu13) and
// nvidia/cu13/lib (CUDA 13 wheels that share one folder). No Python is needed otherwise.
Search searchPlaces(std::chrono::milliseconds pythonTimeout = std::chrono::seconds(5));

// Opens the library once per process, from the first place searchPlaces() gives that dlopen
// accepts. Throws Unsupported naming every place tried and why each failed ("not there", or
// dlerror()'s words) when none opens, and when a symbol is missing or the release is older than
// 0.5. A failure is not cached: the next call searches again.
const Api& api();

}  // namespace costscope::cusparselt
