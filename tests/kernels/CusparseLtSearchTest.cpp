// Where costscope looks for cuSPARSELt: fake site-packages trees and fake python3 interpreters in
// a temporary folder, so the order, the timeout and the skip reason are checked without a GPU.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "kernels/Variant.h"
#include "kernels/gpu/CusparseLtLibrary.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Sets an environment variable for the scope of the object, then puts back what was there.
class EnvironmentVariable {
  public:
    EnvironmentVariable(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name))
            old_ = old;
        setenv(name, value.c_str(), 1);
    }
    ~EnvironmentVariable() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }
    EnvironmentVariable(const EnvironmentVariable&) = delete;
    EnvironmentVariable& operator=(const EnvironmentVariable&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

class CusparseLtSearch : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("costscope-cusparselt-" + std::to_string(getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    void TearDown() override { fs::remove_all(root_); }

    // A file that is not a library: dlopen refuses it with its own words.
    fs::path fakeLibrary(const fs::path& folder) {
        fs::create_directories(folder);
        const fs::path file = folder / "libcusparseLt.so.0";
        std::ofstream(file) << "not an ELF file\n";
        return file;
    }
    // An executable python3 in `folder` that runs `body` (sh).
    void fakePython(const fs::path& folder, const std::string& body) {
        fs::create_directories(folder);
        const fs::path file = folder / "python3";
        std::ofstream(file) << "#!/bin/sh\n" << body << "\n";
        chmod(file.c_str(), 0755);
    }

    fs::path root_;
};

TEST_F(CusparseLtSearch, OrderIsGivenPathVirtualEnvironmentEachPythonThenSoname) {
    const fs::path venv = root_ / "venv";
    fakeLibrary(venv / "lib/python3.12/site-packages/nvidia/cusparselt/lib");
    const fs::path first = root_ / "first-site";
    const fs::path second = root_ / "second-site";
    fakePython(root_ / "bin-a", "echo " + first.string() + "; echo " + second.string());
    // The same site-packages again, from another interpreter: listed once.
    fakePython(root_ / "bin-b", "echo " + second.string() + "; echo relative/is/ignored");
    const EnvironmentVariable given("COSTSCOPE_CUSPARSELT", (root_ / "given.so").string());
    const EnvironmentVariable virtualEnv("VIRTUAL_ENV", venv.string());
    const EnvironmentVariable path(
        "PATH", (root_ / "bin-a").string() + ":" + (root_ / "bin-b").string() + ":/nonexistent");

    const cusparselt::Search search = cusparselt::searchPlaces();
    std::vector<std::string> paths;
    for (const auto& place : search.places)
        paths.push_back(place.path);
    const std::string venvSite = (venv / "lib/python3.12/site-packages").string();
    const std::vector<std::string> expected = {
        (root_ / "given.so").string(),
        venvSite + "/nvidia/cusparselt/lib/libcusparseLt.so.0",
        venvSite + "/nvidia/cu13/lib/libcusparseLt.so.0",
        first.string() + "/nvidia/cusparselt/lib/libcusparseLt.so.0",
        first.string() + "/nvidia/cu13/lib/libcusparseLt.so.0",
        second.string() + "/nvidia/cusparselt/lib/libcusparseLt.so.0",
        second.string() + "/nvidia/cu13/lib/libcusparseLt.so.0",
        "libcusparseLt.so.0",
    };
    EXPECT_EQ(paths, expected);
    EXPECT_TRUE(search.notes.empty());
    EXPECT_EQ(search.places.front().origin, "$COSTSCOPE_CUSPARSELT");
    EXPECT_EQ(search.places[1].origin, "the virtual environment " + venv.string());
    EXPECT_EQ(search.places[3].origin, "site-packages of " + (root_ / "bin-a/python3").string());
}

TEST_F(CusparseLtSearch, APythonThatHangsIsKilledAndNamed) {
    fakePython(root_ / "bin", "exec /bin/sleep 30");
    const EnvironmentVariable path("PATH", (root_ / "bin").string());
    const auto start = std::chrono::steady_clock::now();
    const cusparselt::Search search = cusparselt::searchPlaces(300ms);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    ASSERT_EQ(search.notes.size(), 1u);
    EXPECT_NE(search.notes[0].find((root_ / "bin/python3").string()), std::string::npos);
    EXPECT_NE(search.notes[0].find("no answer within 300 ms"), std::string::npos)
        << search.notes[0];
    ASSERT_EQ(search.places.size(), 1u);
    EXPECT_EQ(search.places[0].path, "libcusparseLt.so.0");
}

TEST_F(CusparseLtSearch, SkipReasonListsEveryPlaceTriedAndWhy) {
    const fs::path site = root_ / "site";
    const fs::path wheel = fakeLibrary(site / "nvidia/cu13/lib");
    fakePython(root_ / "bin", "echo " + site.string());
    fakePython(root_ / "broken", "exit 3");
    const EnvironmentVariable given("COSTSCOPE_CUSPARSELT", (root_ / "missing.so").string());
    const EnvironmentVariable virtualEnv("VIRTUAL_ENV", (root_ / "no-venv").string());
    const EnvironmentVariable path("PATH",
                                   (root_ / "bin").string() + ":" + (root_ / "broken").string());
    try {
        const auto& api = cusparselt::api();
        GTEST_SKIP() << "cuSPARSELt is on the loader's path here (" << api.path << ")";
    } catch (const Unsupported& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind("cuSPARSELt could not be loaded. Tried ", 0), 0u) << message;
        EXPECT_NE(
            message.find((root_ / "missing.so").string() + " ($COSTSCOPE_CUSPARSELT): not there"),
            std::string::npos)
            << message;
        EXPECT_NE(message.find(site.string() +
                               "/nvidia/cusparselt/lib/libcusparseLt.so.0 "
                               "(site-packages of " +
                               (root_ / "bin/python3").string() + "): not there"),
                  std::string::npos)
            << message;
        // A file that is there but is no library: dlopen's own words.
        EXPECT_NE(message.find(wheel.string() + " (site-packages of"), std::string::npos)
            << message;
        EXPECT_NE(message.find("file too short"), std::string::npos) << message;
        // The loader's search, with dlerror()'s words.
        EXPECT_NE(message.find("libcusparseLt.so.0 (the dynamic loader's search path): "
                               "libcusparseLt.so.0: cannot open shared object file"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("could not ask " + (root_ / "broken/python3").string()),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("COSTSCOPE_CUSPARSELT to the full path"), std::string::npos);
    }
}

}  // namespace
}  // namespace costscope
