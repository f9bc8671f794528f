// Peak resident memory of this process over a window, from Linux's VmHWM.
#pragma once

#include <cstdint>
#include <optional>

namespace costscope {

// Measures how far resident memory rose above where it stood when the window opened. Writing
// "5" to /proc/self/clear_refs resets the kernel's high-water mark (VmHWM), so the peak is the
// window's own, not the process's lifetime peak. Counts library buffers too (OpenBLAS, oneDNN
// scratchpads), which a count of our own allocations would miss. Accurate only when large
// blocks go straight to and from the OS: costscope-record pins glibc's mmap threshold for that
// (see main.cpp), since glibc otherwise raises it after a large free and recycles heap memory.
class PeakMemory {
  public:
    // Opens the window: records the current resident size and resets the high-water mark.
    PeakMemory();
    // Resets the high-water mark to the current resident size, keeping the baseline: what was
    // allocated since the window opened still counts, transients before this call do not.
    void restartPeak() const;
    // Peak resident growth since the window opened, in bytes; nullopt when the kernel does not
    // offer clear_refs or /proc (then no honest figure exists).
    std::optional<int64_t> peakGrowthBytes() const;

  private:
    std::optional<int64_t> baselineBytes_;
};

}  // namespace costscope
