// The memory that what is read from one recording may fill. A file holding more rows or text
// than that (a damaged one, or one made to exhaust the reader) is refused with the reason as soon
// as its reads pass the limit, instead of being read until memory runs out.
#pragma once

#include <cstdint>
#include <string>

namespace costscope {

class ReadBudget {
  public:
    // A quarter of this machine's physical memory (4 GiB where the system does not say): what
    // is charged is the rows as costscope holds them, and the vectors holding them may take up
    // to twice that while they grow.
    static uint64_t forThisMachine();

    ReadBudget(std::string path, uint64_t bytes) : path_(std::move(path)), limit_(bytes) {}

    // Adds `bytes` read from `table`; throws StoreError, naming the file, the table and the
    // limit, once the total passes the limit.
    void charge(uint64_t bytes, const char* table);

    uint64_t used() const { return used_; }
    uint64_t limit() const { return limit_; }

  private:
    std::string path_;
    uint64_t limit_;
    uint64_t used_ = 0;
};

}  // namespace costscope
