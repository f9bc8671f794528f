// The price list: its format, every error at its line with what to write instead, and the match
// of entries to this machine's devices.
#include <gtest/gtest.h>

#include <string>

#include "profiler/suite/PriceList.h"
#include "profiler/suite/SuiteError.h"

namespace costscope {
namespace {

const std::vector<PricedDevice> kMachine = {{"cpu", "Intel(R) Xeon(R) Platinum 8480+"},
                                            {"gpu", "NVIDIA H200"}};

// The errors parsing (and, given devices, checking) `text` throws, one per line: "line: key:
// message".
std::vector<std::string> errorsOf(const std::string& text, bool check = false) {
    try {
        const PriceList prices = parsePriceList(text, "prices.json");
        if (check) {
            checkPriceList(prices, kMachine, "node17");
        }
    } catch (const SuiteErrors& errors) {
        std::vector<std::string> lines;
        for (const SuiteError& error : errors.errors()) {
            lines.push_back(std::to_string(error.line()) + ": " + error.key() + ": " +
                            error.message());
        }
        return lines;
    } catch (const SuiteError& error) {
        return {std::to_string(error.line()) + ": " + error.message()};
    }
    return {};
}

TEST(PriceListTest, ReadsDevicesCurrencyAndElectricity) {
    const PriceList prices = parsePriceList(R"({
  "currency": "EUR",
  "per_kwh": 0.31,
  "devices": [
    {"kind": "gpu", "name": "h200", "per_hour": 3.72},
    {"kind": "cpu", "per_hour": 0.48},
    {"kind": "cpu", "host": "node17", "per_hour": 0.30}
  ]
})",
                                            "prices.json");
    EXPECT_EQ(prices.currency, "EUR");
    ASSERT_TRUE(prices.perKwh);
    EXPECT_DOUBLE_EQ(*prices.perKwh, 0.31);
    ASSERT_EQ(prices.devices.size(), 3u);
    EXPECT_EQ(prices.devices[0].line, 5);
    // The name is a part of the device's, in any case; the host beats a kind alone.
    EXPECT_DOUBLE_EQ(prices.priceOf("gpu", "NVIDIA H200", "node3")->perHour, 3.72);
    EXPECT_EQ(prices.priceOf("gpu", "NVIDIA A100", "node3"), nullptr);
    EXPECT_DOUBLE_EQ(prices.priceOf("cpu", "AMD EPYC", "node3")->perHour, 0.48);
    EXPECT_DOUBLE_EQ(prices.priceOf("cpu", "AMD EPYC", "node17")->perHour, 0.30);
    EXPECT_NO_THROW(checkPriceList(prices, kMachine, "node17"));
}

TEST(PriceListTest, WithoutCurrencyOrElectricity) {
    const PriceList prices =
        parsePriceList(R"({"devices": [{"kind": "cpu", "per_hour": 0}]})", "p.json");
    EXPECT_EQ(prices.currency, "USD");
    EXPECT_FALSE(prices.perKwh);
    EXPECT_EQ(prices.priceOf("cpu", "x", "y")->perHour, 0.0);
}

TEST(PriceListTest, EveryMistakeAtItsLineWithWhatToWrite) {
    const auto errors = errorsOf(R"({
  "curency": "USD",
  "per_kwh": -0.1,
  "devices": [
    {"kind": "tpu", "per_hour": 1},
    {"kind": "gpu", "per_hour": -3},
    {"kind": "gpu", "per_hour": "3 dollars", "nmae": "H200"},
    {"kind": "cpu"},
    7
  ]
})");
    const std::vector<std::string> expected = {
        "2: /curency: unknown key 'curency'; did you mean 'currency'? (known: 'currency', "
        "'devices', 'per_kwh')",
        "3: /per_kwh: expected the price of a kWh as a number of 0 or more (e.g. 2.5), got -0.1",
        "5: /devices/0/kind: expected \"kind\": \"cpu\" or \"gpu\", got \"tpu\"",
        "6: /devices/1/per_hour: expected the price of an hour as a number of 0 or more (e.g. "
        "2.5), got -3",
        "7: /devices/2/nmae: unknown key 'nmae'; did you mean 'name'? (known: 'kind', 'name', "
        "'host', 'per_hour')",
        "7: /devices/2/per_hour: expected the price of an hour as a number of 0 or more (e.g. "
        "2.5), got \"3 dollars\"",
        "8: /devices/3: expected \"per_hour\": what an hour of this device costs",
        "9: /devices/4: expected a device's price {\"kind\": \"gpu\", \"per_hour\": 2.5}, got 7",
    };
    EXPECT_EQ(errors, expected);
}

TEST(PriceListTest, NotJsonOrNoDevices) {
    EXPECT_EQ(
        errorsOf("{\"devices\": [\n  {\"kind\": \"cpu\" \"per_hour\": 1}]}").front().substr(0, 3),
        "2: ");
    EXPECT_EQ(errorsOf("[]"), (std::vector<std::string>{
                                  "1: : expected an object with \"devices\": [{\"kind\": \"gpu\", "
                                  "\"per_hour\": 2.5}, ...], got []"}));
    EXPECT_EQ(errorsOf("{\"devices\": []}").size(), 1u);
    EXPECT_EQ(errorsOf("{}").size(), 1u);
    try {
        loadPriceList("/nonexistent/prices.json");
        ADD_FAILURE() << "read a file that is not there";
    } catch (const SuiteError& error) {
        EXPECT_EQ(error.file(), "/nonexistent/prices.json");
        EXPECT_NE(error.message().find("docs/costs.md"), std::string::npos);
    }
}

TEST(PriceListTest, AnEntryForNoDeviceHereOrTwoForOneAreRefusedBeforeMeasuring) {
    const auto errors = errorsOf(R"({"devices": [
  {"kind": "gpu", "name": "A100", "per_hour": 2},
  {"kind": "cpu", "host": "node18", "per_hour": 1},
  {"kind": "gpu", "per_hour": 3},
  {"kind": "gpu", "name": "NVIDIA", "per_hour": 4},
  {"kind": "gpu", "name": "H200", "per_hour": 5}
]})",
                                 true);
    const std::string machine =
        "this machine (node17) has cpu 'Intel(R) Xeon(R) Platinum 8480+', gpu 'NVIDIA H200'";
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors[0], "2: /devices/0: names no device of this machine: " + machine +
                             "; give a \"kind\" and a part of one of these names");
    EXPECT_EQ(errors[1], "3: /devices/1: names no device of this machine: " + machine +
                             "; give a \"kind\" and a part of one of these names");
    EXPECT_EQ(errors[2],
              "6: /devices/4: prices gpu 'NVIDIA H200' as the entry at line 5 does; keep one, or "
              "tell them apart with \"name\" or \"host\"");
}

}  // namespace
}  // namespace costscope
