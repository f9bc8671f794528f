// The machines section of a report (costscope --report --runs): variants by machine with the
// best marked, and which machine and variant to choose for each workload.
#pragma once

#include "app/report/ReportDocument.h"

namespace costscope {

// The goal a report of `input` chooses by: the one asked for, else cheapest when any run has
// prices, else fastest.
FleetGoal reportGoal(const ReportInput& input);

// Fills the document's title, subtitle, runs, headline (a line per workload's choice),
// warnings, machines and choices for input.machines (two or more runs).
void addMachines(ReportDocument& document, const ReportInput& input);

}  // namespace costscope
