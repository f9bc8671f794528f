// dlopen of cuSPARSELt and the lookup of its entry points.
#include "kernels/gpu/CusparseLtLibrary.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#include "kernels/Variant.h"

namespace costscope::cusparselt {
namespace {

constexpr const char* kLibraryName = "libcusparseLt.so.0";

std::string lastDlError() {
    const char* error = dlerror();
    return error ? error : "unknown dlopen error";
}

// dlopen with the reason it failed, or nullptr.
void* open(const std::string& path, std::string& why) {
    void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library)
        why += (why.empty() ? "" : "; ") + lastDlError();
    return library;
}

template <class F>
void bind(void* library, const char* name, F& function) {
    function = reinterpret_cast<F>(dlsym(library, name));
    if (!function)
        throw Unsupported(std::string("cuSPARSELt could not be loaded: ") + lastDlError());
}

std::unique_ptr<Api> load() {
    std::string why;
    std::string path;
    void* library = nullptr;
    if (const char* given = std::getenv("COSTSCOPE_CUSPARSELT"); given && *given) {
        path = given;
        library = open(path, why);
    }
    if (!library) {
        path = kLibraryName;
        library = open(path, why);
    }
    if (!library)
        throw Unsupported("cuSPARSELt could not be loaded: " + why +
                          " (install cuSPARSELt 0.5 or newer, or set COSTSCOPE_CUSPARSELT to the "
                          "full path of libcusparseLt.so.0)");
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
