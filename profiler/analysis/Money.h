// What a million calls cost, from a price list (PriceList): the one place the arithmetic is
// written, for the recorder's summary, the GUI and the reports.
#pragma once

namespace costscope {

// The device's time: the median call's share of an hour at `perHour`, a million times. It
// assumes the machine is busy with such calls all the time it is paid for (stated beside every
// figure): an idle machine costs the same per hour and serves fewer calls.
inline double costPerMillionCalls(double medianMs, double perHour) {
    return medianMs / 3.6e6 * perHour * 1e6;  // 3.6e6 ms in an hour
}

// The electricity: `joulesPerCall` a million times, at `perKwh` (3.6e6 J in a kWh).
inline double energyCostPerMillionCalls(double joulesPerCall, double perKwh) {
    return joulesPerCall * 1e6 / 3.6e6 * perKwh;
}

}  // namespace costscope
