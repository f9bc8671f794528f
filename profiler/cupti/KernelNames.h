// Kernel names as nsys shows them: CUPTI gives the mangled name; we add the demangled and short.
#pragma once

#include <string>
#include <string_view>

namespace costscope {

// abi::__cxa_demangle of `mangled`; the name as given when it is not a mangled C++ name
// (extern "C" kernels, cuBLAS's own kernel names).
std::string demangleKernelName(const char* mangled);

// The function name alone, like nsys's shortName: no return type, scope qualifiers, template
// arguments or parameter list. "void cutlass::Kernel2<foo<int> >(Params)" -> "Kernel2". Falls
// back to `demangled` itself when nothing is left.
std::string shortKernelName(std::string_view demangled);

}  // namespace costscope
