# Sourced by run.sh and test.sh: installs the Debian/Ubuntu packages costscope needs, if missing.
# Prints what it does; installs nothing when everything is there (idempotent).

COSTSCOPE_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    libopenblas-dev libdnnl-dev              # CPU math: dense BLAS, oneDNN matmul
    librsb-dev libxsmm-dev                   # sparse libraries beside our own CSR kernel
    ocl-icd-opencl-dev                       # oneDNN's CMake package requires OpenCL
    libsqlite3-dev sqlite3                   # the recording format, and the shell to query it
    nlohmann-json3-dev                       # suite files
    zlib1g-dev dataset-fashion-mnist         # the mlp workload: its data, gzip-compressed IDX
    qt6-base-dev qt6-svg-dev libgl-dev       # the desktop application (Qt 6 Widgets, SVG export)
    libqcustomplot-dev fonts-dejavu-core     # its charts, and a font for offscreen rendering
)
# clang and its runtime (libFuzzer, sanitizers): the fuzz tests (tests/fuzz/); Debian 12's names.
# slurm-wlm and munge: the cluster test (tests/cluster/) starts its own one-node SLURM cluster.
COSTSCOPE_TEST_PACKAGES=(libgtest-dev libgmock-dev poppler-utils clang libclang-rt-14-dev
                         slurm-wlm munge)

costscope_install() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "==> all needed packages are installed"
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo="sudo"
    fi
    echo "==> installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The CUDA toolkit is not a Debian package here: use it when it is installed, else build for
# the CPU only (GPU variants are then recorded as skipped, with the reason).
costscope_cuda_args() {
    if [ -n "${COSTSCOPE_WITH_CUDA:-}" ]; then
        echo "-DCOSTSCOPE_WITH_CUDA=${COSTSCOPE_WITH_CUDA}"
    elif command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ]; then
        echo "-DCOSTSCOPE_WITH_CUDA=ON"
    else
        echo "-DCOSTSCOPE_WITH_CUDA=OFF"
    fi
}
