// How costscope writes numbers for people: times, bytes, rates, ratios, percentages and p-values,
// in one home, so a figure reads the same in the views, the tables and every report format.
#pragma once

#include <QString>
#include <cstdint>

namespace costscope {

// `significant` digits, never a trailing exponent above 1e-3: "0.273", "1234"; an exponent below
// it (relative errors of 1e-7 read better so than with seven zeros): "3.10e-07"; "–" when not
// finite.
QString formatNumber(double value, int significant = 3);
// Four significant digits and never an exponent, for tables of medians: "11.80", "0.2445",
// "1234"; empty when not finite.
QString formatDecimal(double value);
// Milliseconds as the tables show them, about four significant digits: "11.80", "0.6213",
// "1234.5" (no unit: the header has it).
QString formatMs(double ms);
// A duration with its unit, three significant digits: "812 ns", "2.50 µs", "12.3 ms", "2.41 s".
QString formatDuration(int64_t ns);
// A duration in milliseconds with its unit, picked as formatDuration picks it.
QString formatDurationMs(double ms);
// Bytes with their binary unit, three significant digits: "512 B", "96.0 KiB", "4.00 MiB".
QString formatBytes(double bytes);
// A fraction as a percentage with `decimals`: "89.97 %".
QString formatPercent(double fraction, int decimals = 1);
// A rate of operations: "295 GFLOP/s", "1.27 TFLOP/s"; integer work in OP/s.
QString formatRate(double gflops, bool integer = false);
// A ratio of times (candidate / baseline) with three decimals, for ±2 % to show: "0.853". A
// speedup, three significant digits with its sign: "2.61×", "12.3×".
QString formatRatio(double ratio);
QString formatTimes(double ratio);
// A p-value, three significant digits, an exponent below 0.001; one that underflowed reads
// "< 1e-300", never "0".
QString formatPValue(double p);
// The shortest text that reads back as the same double, for CSV; empty when not finite.
QString formatExact(double value);

}  // namespace costscope
