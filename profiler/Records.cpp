// String forms of the statuses, as stored in the recording.
#include "profiler/Records.h"

namespace costscope {

const char* toString(RunStatus status) {
    switch (status) {
        case RunStatus::Running: return "running";
        case RunStatus::Complete: return "complete";
        case RunStatus::Interrupted: return "interrupted";
        case RunStatus::Failed: return "failed";
    }
    return "failed";
}

const char* toString(VariantStatus status) {
    switch (status) {
        case VariantStatus::Ok: return "ok";
        case VariantStatus::Skipped: return "skipped";
        case VariantStatus::Failed: return "failed";
    }
    return "failed";
}

}  // namespace costscope
