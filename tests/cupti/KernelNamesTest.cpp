// Demangled and nsys-style short kernel names.
#include "profiler/cupti/KernelNames.h"

#include <gtest/gtest.h>

namespace costscope {
namespace {

TEST(CuptiKernelNames, DemanglesCxxNames) {
    EXPECT_EQ(demangleKernelName("_Z6kernelPf"), "kernel(float*)");
    EXPECT_EQ(demangleKernelName("_Z7Kernel2I3fooIiEEv6Params"), "void Kernel2<foo<int> >(Params)");
}

TEST(CuptiKernelNames, KeepsNamesThatAreNotMangled) {
    EXPECT_EQ(demangleKernelName("ampere_sgemm_128x64_nn"), "ampere_sgemm_128x64_nn");
    EXPECT_EQ(demangleKernelName("_Znot a name"), "_Znot a name");
    EXPECT_EQ(demangleKernelName(""), "");
    EXPECT_EQ(demangleKernelName(nullptr), "");
}

TEST(CuptiKernelNames, ShortNameIsTheFunctionNameAlone) {
    EXPECT_EQ(shortKernelName("void cutlass::Kernel2<foo<int>>(Params)"), "Kernel2");
    EXPECT_EQ(shortKernelName("void cutlass::Kernel2<foo<int> >(cutlass::gemm::Gemm<float>::"
                              "Params)"),
              "Kernel2");
    EXPECT_EQ(shortKernelName("kernel(float*)"), "kernel");
    EXPECT_EQ(shortKernelName("emptyKernel()"), "emptyKernel");
    EXPECT_EQ(shortKernelName("ampere_sgemm_128x64_nn"), "ampere_sgemm_128x64_nn");
    EXPECT_EQ(shortKernelName("void (anonymous namespace)::scale<(int)4>(const float *, float *)"),
              "scale");
    EXPECT_EQ(shortKernelName("(anonymous namespace)::fill(int)"), "fill");
    EXPECT_EQ(shortKernelName("void at::native::vectorized_elementwise_kernel<4, "
                              "at::native::FillFunctor<float>, at::detail::Array<char *, 1>>(int, "
                              "at::native::FillFunctor<float>, at::detail::Array<char *, 1>)"),
              "vectorized_elementwise_kernel");
    EXPECT_EQ(shortKernelName("void apply<void (*)(int)>(void (*)(int), int)"), "apply");
    EXPECT_EQ(shortKernelName("unsigned int ns::inner::count<ns::Tag<1>>(unsigned int)"), "count");
    EXPECT_EQ(shortKernelName("void ns::Outer<int>::run(int)"), "run");
}

TEST(CuptiKernelNames, ShortNameFallsBackToTheWholeName) {
    EXPECT_EQ(shortKernelName(""), "");
    EXPECT_EQ(shortKernelName("(int)"), "(int)");
}

}  // namespace
}  // namespace costscope
