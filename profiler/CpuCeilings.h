// The CPU's measured ceilings for the roofline: best FP32 GEMM rate and memory bandwidth.
#pragma once

#include <string>

namespace costscope {

struct CpuCeilings {
    double peakGflops = 0;    // best FP32 GEMM rate seen (OpenBLAS sgemm or oneDNN matmul)
    double bandwidthGBs = 0;  // best STREAM triad bandwidth seen
    std::string method;       // how, for the recording
};

// Takes about a second on two cores. Measured, never looked up: a VM, a power cap or a busy
// neighbour all move the ceilings, and the roofline must show this machine as it was.
CpuCeilings measureCpuCeilings();

}  // namespace costscope
