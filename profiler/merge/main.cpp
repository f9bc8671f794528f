// costscope-merge: merges recordings of many machines (or shards of one suite) into one file.
#include <iostream>

#include "profiler/merge/MergeCommand.h"

int main(int argc, char** argv) {
    return costscope::runMergeCommand({argv + 1, size_t(argc - 1)}, std::cout, std::cerr);
}
