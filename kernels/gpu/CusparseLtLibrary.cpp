// dlopen of cuSPARSELt, the search for it, and the lookup of its entry points.
#include "kernels/gpu/CusparseLtLibrary.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include "kernels/Variant.h"

extern char** environ;

namespace costscope::cusparselt {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLibraryName = "libcusparseLt.so.0";
// Inside a site-packages folder: the cuSPARSELt wheel's own folder, and the shared one of the
// CUDA 13 wheels.
constexpr const char* kWheelFolders[] = {"nvidia/cusparselt/lib", "nvidia/cu13/lib"};
// More output than a site-packages listing can be is not one.
constexpr size_t kMaxOutputBytes = size_t(1) << 20;

std::string lastDlError() {
    const char* error = dlerror();
    return error ? error : "unknown dlopen error";
}

// What a child process printed on stdout, or why there is nothing to use.
struct Output {
    std::optional<std::string> text;  // set when it exited 0 in time
    std::string why;
};

// Runs argv[0] (a full path) with stdin and stderr on /dev/null, killing it after `timeout`.
Output outputOf(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return {std::nullopt, std::string("pipe failed: ") + std::strerror(errno)};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const std::string& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (spawned != 0) {
        close(fds[0]);
        return {std::nullopt, std::string("could not start it: ") + std::strerror(spawned)};
    }

    std::string text;
    bool late = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd readable{fds[0], POLLIN, 0};
        const int ready = left.count() > 0 ? poll(&readable, 1, int(left.count())) : 0;
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0 || text.size() > kMaxOutputBytes) {
            late = true;
            break;
        }
        char chunk[4096];
        const ssize_t got = read(fds[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        text.append(chunk, size_t(got));
    }
    close(fds[0]);
    if (late)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (late)
        return {std::nullopt, "no answer within " + std::to_string(timeout.count()) + " ms"};
    if (WIFSIGNALED(status))
        return {std::nullopt, "it was killed by signal " + std::to_string(WTERMSIG(status))};
    if (WEXITSTATUS(status) != 0)
        return {std::nullopt, "it exited with " + std::to_string(WEXITSTATUS(status))};
    return {std::move(text), {}};
}

// The site-packages folders a python3 interpreter reports, asked once per process per
// interpreter (an answer that never came is remembered too).
Output sitePackagesOf(const std::string& python, std::chrono::milliseconds timeout) {
    static std::mutex mutex;
    static std::map<std::string, Output> answers;
    const std::lock_guard lock(mutex);
    if (const auto known = answers.find(python); known != answers.end())
        return known->second;
    // -I: no user environment variables or current folder, so nothing of the user's runs.
    const Output answer = outputOf({python, "-I", "-c",
                                    "import site; print('\\n'.join(site.getsitepackages() + "
                                    "[site.getusersitepackages()]))"},
                                   timeout);
    answers.emplace(python, answer);
    return answer;
}

// Every python3 on $PATH, each interpreter once (by its real path), in $PATH's order.
std::vector<std::string> pythonsOnPath() {
    std::vector<std::string> found;
    std::set<std::string> seen;
    const char* path = std::getenv("PATH");
    std::istringstream folders(path ? path : "");
    for (std::string folder; std::getline(folders, folder, ':');) {
        if (folder.empty())
            continue;
        const fs::path candidate = fs::path(folder) / "python3";
        if (access(candidate.c_str(), X_OK) != 0)
            continue;
        std::error_code error;
        const fs::path real = fs::canonical(candidate, error);
        if (!error && seen.insert(real.string()).second)
            found.push_back(candidate.string());
    }
    return found;
}

// The site-packages folders of a virtual environment, found without running its Python.
std::vector<fs::path> venvSitePackages(const fs::path& venv) {
    std::vector<fs::path> found;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(venv / "lib", error))
        if (entry.path().filename().string().starts_with("python3"))
            found.push_back(entry.path() / "site-packages");
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

Search searchPlaces(std::chrono::milliseconds pythonTimeout) {
    Search search;
    std::set<std::string> seen;
    const auto add = [&](const std::string& path, const std::string& origin) {
        std::error_code error;
        const fs::path normal = fs::weakly_canonical(path, error);
        if (seen.insert(error ? path : normal.string()).second)
            search.places.push_back({path, origin});
    };
    const auto addWheels = [&](const fs::path& sitePackages, const std::string& origin) {
        for (const char* folder : kWheelFolders)
            add((sitePackages / folder / kLibraryName).string(), origin);
    };

    if (const char* given = std::getenv("COSTSCOPE_CUSPARSELT"); given && *given)
        add(given, "$COSTSCOPE_CUSPARSELT");
    if (const char* venv = std::getenv("VIRTUAL_ENV"); venv && *venv)
        for (const fs::path& sitePackages : venvSitePackages(venv))
            addWheels(sitePackages, "the virtual environment " + std::string(venv));
    for (const std::string& python : pythonsOnPath()) {
        const Output answer = sitePackagesOf(python, pythonTimeout);
        if (!answer.text) {
            search.notes.push_back("could not ask " + python +
                                   " for its site-packages: " + answer.why);
            continue;
        }
        std::istringstream lines(*answer.text);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with('/'))
                addWheels(line, "site-packages of " + python);
    }
    add(kLibraryName, "the dynamic loader's search path");
    return search;
}

std::string Search::firstFile() const {
    for (const Place& place : places)
        if (place.path.find('/') != std::string::npos && fs::is_regular_file(place.path))
            return place.path;
    return {};
}

namespace {

template <class F>
void bind(void* library, const char* name, F& function) {
    function = reinterpret_cast<F>(dlsym(library, name));
    if (!function)
        throw Unsupported(std::string("cuSPARSELt could not be loaded: ") + lastDlError());
}

std::unique_ptr<Api> load() {
    const Search search = searchPlaces();
    std::string tried;
    std::string path;
    void* library = nullptr;
    for (const Place& place : search.places) {
        tried += tried.empty() ? "" : "; ";
        if (place.path.find('/') != std::string::npos && !fs::exists(place.path)) {
            tried += place.path + " (" + place.origin + "): not there";
            continue;
        }
        library = dlopen(place.path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (library) {
            path = place.path;
            break;
        }
        tried += place.path + " (" + place.origin + "): " + lastDlError();
    }
    if (!library) {
        for (const std::string& note : search.notes)
            tried += "; " + note;
        throw Unsupported("cuSPARSELt could not be loaded. Tried " + tried +
                          ". Install cuSPARSELt 0.5 or newer (e.g. pip install "
                          "nvidia-cusparselt-cu13), or set COSTSCOPE_CUSPARSELT to the full path "
                          "of libcusparseLt.so.0");
    }
    // The library stays loaded for the life of the process: unloading CUDA libraries at exit
    // races with their own destructors.
    auto api = std::make_unique<Api>();
    api->path = path;
    bind(library, "cusparseLtInit", api->init);
    bind(library, "cusparseLtDestroy", api->destroy);
    bind(library, "cusparseLtGetProperty", api->getProperty);
    bind(library, "cusparseLtDenseDescriptorInit", api->denseDescriptorInit);
    bind(library, "cusparseLtStructuredDescriptorInit", api->structuredDescriptorInit);
    bind(library, "cusparseLtMatDescriptorDestroy", api->matDescriptorDestroy);
    bind(library, "cusparseLtMatmulDescriptorInit", api->matmulDescriptorInit);
    bind(library, "cusparseLtMatmulAlgSelectionInit", api->matmulAlgSelectionInit);
    bind(library, "cusparseLtMatmulAlgSelectionDestroy", api->matmulAlgSelectionDestroy);
    bind(library, "cusparseLtMatmulAlgGetAttribute", api->matmulAlgGetAttribute);
    bind(library, "cusparseLtMatmulPlanInit", api->matmulPlanInit);
    bind(library, "cusparseLtMatmulPlanDestroy", api->matmulPlanDestroy);
    bind(library, "cusparseLtMatmulGetWorkspace", api->matmulGetWorkspace);
    bind(library, "cusparseLtMatmul", api->matmul);
    bind(library, "cusparseLtSpMMAPruneCheck", api->spmmaPruneCheck);
    bind(library, "cusparseLtSpMMACompressedSize", api->spmmaCompressedSize);
    bind(library, "cusparseLtSpMMACompress", api->spmmaCompress);
    api->getErrorString =
        reinterpret_cast<decltype(api->getErrorString)>(dlsym(library, "cusparseLtGetErrorString"));
    api->getProperty(MAJOR_VERSION, &api->major);
    api->getProperty(MINOR_VERSION, &api->minor);
    api->getProperty(PATCH_LEVEL, &api->patch);
    // Before 0.5 the opaque sizes, the compute-type values and PlanInit's signature differed.
    if (api->major == 0 && api->minor < 5)
        throw Unsupported("cuSPARSELt " + std::to_string(api->major) + "." +
                          std::to_string(api->minor) + " at " + path +
                          " is too old; costscope needs 0.5 or newer");
    return api;
}

}  // namespace

const Api& api() {
    static std::mutex mutex;
    static std::unique_ptr<Api> loaded;
    const std::lock_guard lock(mutex);
    if (!loaded)
        loaded = load();
    return *loaded;
}

}  // namespace costscope::cusparselt
