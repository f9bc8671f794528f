// RunListModel: the rows of the run browser, one per run of the open files.
#include "app/browser/RunListModel.h"

#include <QApplication>
#include <QColor>
#include <QDateTime>
#include <QFileInfo>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

constexpr const char16_t* kHeaders[RunListModel::ColumnCount] = {
    u"File", u"Run", u"Suite", u"Host", u"CPU", u"GPU", u"Started", u"Status"};

QString deviceNames(const FileData& file, int64_t runId, const std::string& kind) {
    const auto found = file.devices.find(runId);
    if (found == file.devices.end()) {
        return {};
    }
    QStringList names;
    for (const DeviceRow& device : found->second) {
        if (device.info.kind == kind) {
            names << QString::fromStdString(device.info.name);
        }
    }
    return names.join(u", "_s);
}

QString startedText(int64_t unixNs) {
    return QDateTime::fromMSecsSinceEpoch(unixNs / 1'000'000).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

// What a run's state means for its data, for the tooltip.
QString stateExplanation(RunState state) {
    switch (state) {
        case RunState::Complete:
            return u"The suite ran to its end."_s;
        case RunState::Running:
            return u"Still being recorded: variants appear as they finish."_s;
        case RunState::Interrupted:
            return u"Stopped before the suite's end; the variants measured until then are "
                   u"complete and readable."_s;
        case RunState::Failed:
            return u"The recorder failed; the variants it stored are readable."_s;
        case RunState::Incomplete:
            return u"The recorder ended without closing the run (killed, crashed or the machine "
                   u"was lost); the variants it committed are readable."_s;
    }
    return {};
}

QVariant stateColour(RunState state) {
    switch (state) {
        case RunState::Interrupted:
            return QColor(0xb0, 0x5a, 0x00);
        case RunState::Failed:
        case RunState::Incomplete:
            return QColor(0xb7, 0x1c, 0x1c);
        case RunState::Running:
            return QColor(0x1f, 0x5f, 0xbf);
        case RunState::Complete:
            return {};
    }
    return {};
}

QVariant stateIcon(RunState state) {
    const auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    if (!app) {
        return {};
    }
    switch (state) {
        case RunState::Interrupted:
        case RunState::Incomplete:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        case RunState::Failed:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        case RunState::Running:
            return QApplication::style()->standardIcon(QStyle::SP_BrowserReload);
        case RunState::Complete:
            return {};
    }
    return {};
}

}  // namespace

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunListModel::setResults(std::vector<FileDataPtr> files) {
    beginResetModel();
    files_ = std::move(files);
    rows_.clear();
    for (const FileDataPtr& file : files_) {
        for (const RunRow& run : file->runs) {
            rows_.push_back({file.get(), &run});
        }
    }
    endResetModel();
}

int RunListModel::rowOf(const QString& path, qint64 runId) const {
    const std::string wanted = path.toStdString();
    for (size_t row = 0; row < rows_.size(); ++row) {
        if (rows_[row].file->path == wanted && rows_[row].run->id == runId) {
            return int(row);
        }
    }
    return -1;
}

const RunRow* RunListModel::runAt(int row) const {
    return row >= 0 && size_t(row) < rows_.size() ? rows_[size_t(row)].run : nullptr;
}

const FileData* RunListModel::fileAt(int row) const {
    return row >= 0 && size_t(row) < rows_.size() ? rows_[size_t(row)].file : nullptr;
}

int RunListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const FileData& file = *rows_[size_t(index.row())].file;
    const RunRow& run = *rows_[size_t(index.row())].run;
    const int column = index.column();
    const QString path = QString::fromStdString(file.path);
    switch (role) {
        case Qt::DisplayRole:
        case SortRole:
        case CsvRole:
            switch (column) {
                case File:
                    return role == Qt::DisplayRole ? QFileInfo(path).fileName() : path;
                case Run:
                    return role == Qt::DisplayRole ? QVariant(QString::number(run.id))
                                                   : QVariant(qint64(run.id));
                case Suite:
                    return QString::fromStdString(run.info.suite);
                case Host:
                    return QString::fromStdString(run.info.host);
                case Cpu:
                    return deviceNames(file, run.id, "cpu");
                case Gpu:
                    return deviceNames(file, run.id, "gpu");
                case Started:
                    return role == SortRole ? QVariant(qint64(run.info.startedUnixNs))
                                            : QVariant(startedText(run.info.startedUnixNs));
                case Status:
                    return QString::fromUtf8(toString(run.state));
                default:
                    return {};
            }
        case PathRole:
            return path;
        case RunIdRole:
            return qint64(run.id);
        case StartedNsRole:
            return qint64(run.info.startedUnixNs);
        case StateRole:
            return int(run.state);
        case Qt::ToolTipRole: {
            QString tip = path + u"\nrun "_s + QString::number(run.id) + u": "_s +
                          QString::fromUtf8(toString(run.state)) + u". "_s +
                          stateExplanation(run.state);
            if (!run.note.empty()) {
                tip += u"\n"_s + QString::fromStdString(run.note);
            }
            tip += u"\n"_s + QString::fromStdString(run.info.commandLine);
            return tip;
        }
        case Qt::ForegroundRole:
            return column == Status ? stateColour(run.state) : QVariant();
        case Qt::DecorationRole:
            return column == Status ? stateIcon(run.state) : QVariant();
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column == Run ? Qt::AlignRight | Qt::AlignVCenter
                                                     : Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (role == Qt::DisplayRole || role == CsvRole) {
        return QString::fromUtf16(kHeaders[section]);
    }
    return {};
}

}  // namespace costscope
