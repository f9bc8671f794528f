#!/usr/bin/env bash
# Builds costscope-record for GPU servers and packs it, with the non-CUDA shared libraries it
# needs, into bundle/costscope-recorder.tar.gz. The server needs only the NVIDIA driver and a
# CUDA 13 toolkit (cuBLAS, cuBLASLt, cuSPARSE, CUPTI): no Qt, no apt-get.
#
#   scripts/bundle-recorder.sh                  # build, pack, check the bundle runs here
#   scp bundle/costscope-recorder.tar.gz server:
#   ssh server 'tar xzf costscope-recorder.tar.gz &&
#               costscope-recorder/costscope-record --suite standard --out gpu.sqlite'
#
# With --with-checks the bundle also carries the GPU tests, the collector benchmarks, sqlite3
# and scripts/gpu-check.sh, which runs them all on the server (see docs/benchmarks.md).
# Environment: BUILD_DIR (default build-bundle), BUNDLE_DIR (default bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

with_checks=0
[ "${1:-}" = "--with-checks" ] && with_checks=1
costscope_install "${COSTSCOPE_PACKAGES[@]}"
[ "$with_checks" = 0 ] || costscope_install "${COSTSCOPE_TEST_PACKAGES[@]}"
[ "$(costscope_cuda_args)" = "-DCOSTSCOPE_WITH_CUDA=ON" ] || {
    echo "error: the recorder bundle is for GPU servers and needs the CUDA toolkit here" >&2
    exit 2
}

build_dir="${BUILD_DIR:-build-bundle}"
bundle_dir="${BUNDLE_DIR:-bundle}"
stage="$bundle_dir/costscope-recorder"

# The binary finds its libraries next to it ($ORIGIN/lib) and the CUDA libraries in the
# server's toolkit; LD_LIBRARY_PATH still wins for a toolkit installed elsewhere.
echo "==> configuring $build_dir"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING="$with_checks" \
    -DCOSTSCOPE_WITH_CUDA=ON -DCOSTSCOPE_BUILD_GUI=OFF -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON \
    '-DCMAKE_INSTALL_RPATH=$ORIGIN/lib:/usr/local/cuda/lib64:/usr/local/cuda/extras/CUPTI/lib64' \
    >/dev/null
programs=("$build_dir/profiler/costscope-record" "$build_dir/profiler/costscope-merge")
if [ "$with_checks" = 1 ]; then
    programs+=("$build_dir/tests/kernels/test_kernels_gpu"
               "$build_dir/tests/recorder/test_recorder_gpu"
               "$build_dir/tests/cupti/test_cupti"
               "$build_dir/tests/benchmarks/cupti_launch_overhead"
               "$build_dir/tests/benchmarks/energy_overhead")
fi
echo "==> building ${programs[*]##*/}"
cmake --build "$build_dir" -j "$(nproc)" --target "${programs[@]##*/}"

rm -rf "$stage"
mkdir -p "$stage/lib"
cp "${programs[@]}" "$stage/"
# The mlp workload's data: a GPU server has no Debian package to install it from.
mkdir -p "$stage/data/fashion-mnist"
cp /usr/share/datasets/fashion-mnist/*.gz "$stage/data/fashion-mnist/"
if [ "$with_checks" = 1 ]; then
    cp scripts/gpu-check.sh tests/benchmarks/cupti_overhead.sh "$(command -v sqlite3)" "$stage/"
fi

# Every library the loader resolves, except glibc's own (the server has its glibc) and the CUDA
# toolkit's (too large to carry; the server has them).
echo "==> collecting shared libraries"
system='^(linux-vdso|ld-linux|libc|libm|libmvec|libanl|libdl|libpthread|librt|libutil|libresolv)\.so'
cuda='^lib(cuda|cudart|cublas|cublasLt|cusparse|cupti|nvJitLink|nvrtc|nvperf_host|nvperf_target)\.so'
for program in "$stage"/costscope-record "$stage"/costscope-merge "$stage"/test_* "$stage"/cupti_* \
    "$stage"/sqlite3; do
    if [ -f "$program" ] && [ "${program%.sh}" = "$program" ]; then
        ldd "$program"
    fi
done | awk '/=>/ { print $1, $3 }' | sort -u | while read -r name path; do
    if [[ "$name" =~ $system || "$name" =~ $cuda ]]; then
        continue
    fi
    [ "$path" != "not" ] || { echo "error: $name is not found here" >&2; exit 1; }
    cp -L "$path" "$stage/lib/$name"
done

glibc=$(objdump -T "$stage/costscope-record" "$stage"/lib/*.so* 2>/dev/null |
    grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
cat >"$stage/README.txt" <<TXT
costscope-record $(git describe --always --dirty 2>/dev/null || echo unknown), built $(date -u +%Y-%m-%d)
on $(. /etc/os-release && echo "$PRETTY_NAME").

Needs on the server: Linux x86-64 with glibc ${glibc#GLIBC_} or newer, the NVIDIA driver, and
the CUDA 13 toolkit's libraries (cuBLAS, cuBLASLt, cuSPARSE, CUPTI) in /usr/local/cuda/lib64 or
on LD_LIBRARY_PATH. The mlp workload's data (Fashion-MNIST) is in data/; its models are trained on
the first run (under a minute on a many-core CPU) and cached in ~/.cache/costscope. 2:4 variants also need cuSPARSELt (libcusparseLt.so.0 on the loader's path,
or COSTSCOPE_CUSPARSELT=/path/to/libcusparseLt.so.0); without it they are stored as skipped.

  ./costscope-record --help
  ./costscope-record --suite standard --out gpu.sqlite

Copy gpu.sqlite back and open it on the desktop: costscope gpu.sqlite
Recordings of several machines merge into one file to compare them (docs/cluster.md):

  ./costscope-merge fleet.sqlite gpu.sqlite other.sqlite
TXT

echo "==> checking that the bundle runs without this machine's library paths"
for program in costscope-record costscope-merge; do
    env -i PATH=/usr/bin:/bin "$stage/$program" --version
    missing=$(env -i ldd "$stage/$program" | grep 'not found' | grep -Ev "${cuda#^}" || true)
    [ -z "$missing" ] || { echo "error: $program: unresolved libraries: $missing" >&2; exit 1; }
done

tarball="$bundle_dir/costscope-recorder.tar.gz"
tar -C "$bundle_dir" -czf "$tarball" costscope-recorder
echo "==> wrote $tarball ($(du -h "$tarball" | cut -f1)," \
    "$(du -sh "$stage" | cut -f1) unpacked; needs glibc ${glibc#GLIBC_})"
