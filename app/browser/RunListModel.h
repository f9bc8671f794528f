// Every run of every open recording file, one row each, for the run browser. A run that did not
// finish says so (interrupted, failed, incomplete) in words, colour and icon.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "app/core/RunData.h"
#include "app/tables/TableCsv.h"

namespace costscope {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Columns { File, Run, Suite, Host, Cpu, Gpu, Started, Status, ColumnCount };
    enum Roles {
        SortRole = Qt::UserRole,  // raw value (run id, start time in ns, ...)
        CsvRole = kCsvRole,
        PathRole,       // the file's path, on every column
        RunIdRole,      // the run's id (qint64), on every column
        StartedNsRole,  // the run's start, Unix ns (qint64), on every column
        StateRole,      // RunState as int, on every column
    };

    explicit RunListModel(QObject* parent = nullptr);

    // Shows the runs of `files`, file by file in this order, each file's runs oldest first.
    void setResults(std::vector<FileDataPtr> files);
    const std::vector<FileDataPtr>& files() const { return files_; }
    // The row of run `runId` of file `path`, or -1.
    int rowOf(const QString& path, qint64 runId) const;
    const RunRow* runAt(int row) const;
    const FileData* fileAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    struct Entry {
        const FileData* file;
        const RunRow* run;
    };
    std::vector<FileDataPtr> files_;
    std::vector<Entry> rows_;
};

}  // namespace costscope
