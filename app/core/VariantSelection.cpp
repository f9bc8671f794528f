// VariantSelection: one current variant name, announced on change.
#include "app/core/VariantSelection.h"

namespace costscope {

void VariantSelection::select(const QString& name) {
    if (name == current_) {
        return;
    }
    current_ = name;
    emit changed(current_);
}

}  // namespace costscope
