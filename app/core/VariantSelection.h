// The variant selected in any view, shared by all: clicking a point selects it everywhere.
#pragma once

#include <QObject>
#include <QString>

namespace costscope {

// Variants are named as in the recording ("gemm/fp32/openblas/cpu/1024x1024x1024"): a name is
// unique within a run and stable across runs, so a selection survives switching runs.
class VariantSelection : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    const QString& current() const { return current_; }

  public slots:
    // Selects `name` (empty: none); emits changed() only when it differs.
    void select(const QString& name);

  signals:
    void changed(const QString& name);

  private:
    QString current_;
};

}  // namespace costscope
