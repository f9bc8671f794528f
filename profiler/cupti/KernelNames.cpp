// Demangling and nsys-style short names for kernel rows.
#include "profiler/cupti/KernelNames.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace costscope {
namespace {

std::string_view trimRight(std::string_view s) {
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

// Position of the bracket that opens the one `s` ends with (`close`), or npos when unbalanced.
size_t openingBracket(std::string_view s, char open, char close) {
    int depth = 0;
    for (size_t i = s.size(); i-- > 0;) {
        if (s[i] == close) {
            ++depth;
        } else if (s[i] == open && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::string demangleKernelName(const char* mangled) {
    if (!mangled)
        return {};
    int status = 0;
    // __cxa_demangle allocates with malloc: hand the result to free().
    std::unique_ptr<char, decltype(&std::free)> demangled(
        abi::__cxa_demangle(mangled, nullptr, nullptr, &status), &std::free);
    if (status != 0 || !demangled)
        return mangled;
    return demangled.get();
}

std::string shortKernelName(std::string_view demangled) {
    std::string_view s = trimRight(demangled);
    // The parameter list: the parenthesis group the name ends with (types inside may hold
    // parentheses of their own, such as function pointers).
    if (s.ends_with(')')) {
        const size_t open = openingBracket(s, '(', ')');
        if (open != std::string_view::npos && open > 0)
            s = trimRight(s.substr(0, open));
    }
    // The template arguments of the function itself.
    if (s.ends_with('>')) {
        const size_t open = openingBracket(s, '<', '>');
        if (open != std::string_view::npos && open > 0)
            s = trimRight(s.substr(0, open));
    }
    // What is left is "[return type ]scope::name"; spaces and "::" inside brackets, as in
    // "(anonymous namespace)" or a template argument of the scope, do not separate.
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<' || c == '(' || c == '[') {
            ++depth;
        } else if (c == '>' || c == ')' || c == ']') {
            --depth;
        } else if (depth == 0 && c == ' ') {
            start = i + 1;
        } else if (depth == 0 && c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
            start = i + 2;
            ++i;
        }
    }
    s = s.substr(start);
    return s.empty() ? std::string(demangled) : std::string(s);
}

}  // namespace costscope
