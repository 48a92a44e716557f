#!/usr/bin/env bash
# Build llama.cpp's `llama-server` from the llama.cpp sources vendored in the
# llama-cpp-python sdist on PyPI, plus a tool venv with `gguf`, and generate the
# two tiny scripted GGUF models used by the integration tests.
#
# Everything is cached under ${LLMKIT_CACHE:-$HOME/.cache/llmkit}/llama-server-0.3.36/:
#   bin/llama-server          the server binary (GGML_NATIVE=OFF: no -march=native;
#                             on x86 ggml still assumes AVX2/FMA/F16C/BMI2)
#   Qwen-Qwen3-0.6B.jinja     chat template copied out of the llama.cpp sources
#   venv/                     tool venv with gguf (used by make_tiny_gguf.py)
#   chat.gguf, tool.gguf      scripted models (see make_tiny_gguf.py)
#   build.log                 log of the last compile
#
# Idempotent: a second run only checks stamps and exits in about a second.
# Usage: build.sh [--force]     (--force, or LLMKIT_REBUILD=1, rebuilds everything)
set -euo pipefail

LCP_VERSION=0.3.36
# sha256 of llama_cpp_python-0.3.36.tar.gz on PyPI; checked after download.
LCP_SDIST_SHA256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e
GGUF_VERSION=0.19.0
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${LLMKIT_CACHE:-$HOME/.cache/llmkit}"
CACHE="$CACHE_ROOT/llama-server-$LCP_VERSION"
TEMPLATE_NAME="Qwen-Qwen3-0.6B.jinja"

CMAKE_FLAGS=(
  -DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=OFF
  -DGGML_NATIVE=OFF
  -DGGML_CCACHE=OFF
  -DLLAMA_BUILD_TESTS=OFF
  -DLLAMA_BUILD_EXAMPLES=OFF
  -DLLAMA_USE_PREBUILT_UI=OFF
  -DLLAMA_BUILD_UI=OFF
  -DLLAMA_OPENSSL=OFF
)
# Anything that changes the binary goes into its stamp; a mismatch forces a rebuild.
BUILD_STAMP="llama-cpp-python=$LCP_VERSION arch=$(uname -m) flags=${CMAKE_FLAGS[*]}"

FORCE="${LLMKIT_REBUILD:-0}"
case "${1:-}" in
  --force) FORCE=1 ;;
  "") ;;
  -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
  *) echo "build.sh: unknown argument: $1 (use --force or --help)" >&2; exit 2 ;;
esac

T0=$SECONDS
CURRENT_STEP="start"
exec 3>&2  # timing lines go to the real stderr even when a step's output is redirected
timed() {  # timed LABEL CMD... : run CMD, print "[timing] LABEL : N s" to stderr
  local label="$1" start=$SECONDS
  shift
  CURRENT_STEP="$label"
  "$@"
  echo "[timing] $label : $((SECONDS - start)) s" >&3
}
WORK=""
on_exit() {
  local rc=$?
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then rm -rf "$WORK"; fi
  if [ "$rc" -ne 0 ]; then
    echo "build.sh: FAILED (exit $rc) during step: $CURRENT_STEP" >&2
    if [[ "$CURRENT_STEP" == cmake* ]] && [ -f "$CACHE/build.log" ]; then
      echo "build.sh: last lines of $CACHE/build.log:" >&2
      tail -n 40 "$CACHE/build.log" >&2
    fi
    echo "build.sh: nothing half-built was installed; rerun to retry." >&2
  fi
}
trap on_exit EXIT

need() { command -v "$1" >/dev/null 2>&1 || { echo "build.sh: missing required tool: $1" >&2; exit 1; }; }
need python3
need tar
need sha256sum

mkdir -p "$CACHE"
# One builder at a time (e.g. parallel test workers); the others wait, then find it done.
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then
  CURRENT_STEP="waiting for lock $CACHE/.lock"
  flock 9
fi

if [ "$FORCE" = 1 ]; then
  echo "build.sh: forced rebuild" >&2
  rm -rf "${CACHE:?}/venv" "${CACHE:?}/bin" "${CACHE:?}/$TEMPLATE_NAME" "${CACHE:?}/build.stamp" \
         "$CACHE/chat.gguf" "$CACHE/tool.gguf" "$CACHE/models.stamp"
fi

# --- 1. tool venv with gguf ---------------------------------------------------
VENV_STAMP="gguf==$GGUF_VERSION python=$(python3 -c 'import sys; print(sys.version.split()[0])')"
if [ ! -x "$CACHE/venv/bin/python" ] || [ "$(cat "$CACHE/venv/.llmkit-stamp" 2>/dev/null)" != "$VENV_STAMP" ]; then
  rm -rf "$CACHE/venv"
  timed "create tool venv" python3 -m venv "$CACHE/venv"
  timed "pip install gguf==$GGUF_VERSION" \
    "$CACHE/venv/bin/python" -m pip install -q --disable-pip-version-check "gguf==$GGUF_VERSION"
  echo "$VENV_STAMP" >"$CACHE/venv/.llmkit-stamp"
fi

# --- 2. llama-server binary + chat template -------------------------------------
binary_current() {
  [ -x "$CACHE/bin/llama-server" ] && [ -f "$CACHE/$TEMPLATE_NAME" ] \
    && [ "$(cat "$CACHE/build.stamp" 2>/dev/null)" = "$BUILD_STAMP" ] || return 1
  # A cache restored onto another machine may hold a binary this CPU cannot run.
  "$CACHE/bin/llama-server" --version >/dev/null 2>&1 \
    || { echo "build.sh: cached llama-server does not run here; rebuilding" >&2; return 1; }
}
if ! binary_current; then
  need cmake
  need cc
  need c++
  WORK="$(mktemp -d "$CACHE/.work.XXXXXX")"   # same filesystem as $CACHE: mv is a rename
  SRC="$WORK/llama_cpp_python-$LCP_VERSION/vendor/llama.cpp"
  # --no-binary for this package only: ":all:" would also make pip build the
  # sdist's build requirements (scikit-build-core, and cmake from source when
  # the system cmake is older than 3.21) from source just to read its metadata.
  timed "pip download llama-cpp-python==$LCP_VERSION sdist" \
    "$CACHE/venv/bin/python" -m pip download -q --disable-pip-version-check \
      --no-deps --no-binary llama-cpp-python -d "$WORK" "llama-cpp-python==$LCP_VERSION"
  CURRENT_STEP="verify sdist sha256"
  echo "$LCP_SDIST_SHA256  $WORK/llama_cpp_python-$LCP_VERSION.tar.gz" | sha256sum -c --quiet - \
    || { echo "build.sh: sha256 mismatch for llama_cpp_python-$LCP_VERSION.tar.gz" >&2; exit 1; }
  timed "extract vendor/llama.cpp" \
    tar -xzf "$WORK/llama_cpp_python-$LCP_VERSION.tar.gz" -C "$WORK" \
      "llama_cpp_python-$LCP_VERSION/vendor/llama.cpp"
  rm -f "$WORK/llama_cpp_python-$LCP_VERSION.tar.gz"
  [ -f "$SRC/models/templates/$TEMPLATE_NAME" ] \
    || { CURRENT_STEP="find template"; echo "build.sh: $TEMPLATE_NAME not found in the sdist" >&2; exit 1; }
  : >"$CACHE/build.log"
  timed "cmake configure" \
    cmake -S "$SRC" -B "$WORK/build" "${CMAKE_FLAGS[@]}" >>"$CACHE/build.log" 2>&1
  timed "cmake build llama-server" \
    cmake --build "$WORK/build" --target llama-server -j"$(nproc)" >>"$CACHE/build.log" 2>&1
  CURRENT_STEP="install"
  [ -x "$WORK/build/bin/llama-server" ] \
    || { echo "build.sh: build finished but $WORK/build/bin/llama-server is missing" >&2; exit 1; }
  mkdir -p "$CACHE/bin"
  cp "$SRC/models/templates/$TEMPLATE_NAME" "$CACHE/.$TEMPLATE_NAME.tmp"
  mv -f "$CACHE/.$TEMPLATE_NAME.tmp" "$CACHE/$TEMPLATE_NAME"
  cp "$WORK/build/bin/llama-server" "$CACHE/bin/.llama-server.tmp"
  mv -f "$CACHE/bin/.llama-server.tmp" "$CACHE/bin/llama-server"
  echo "$BUILD_STAMP" >"$CACHE/build.stamp"
  rm -rf "$WORK"; WORK=""                        # drop sources and build tree (~270 MB)
  rm -f "$CACHE/chat.gguf" "$CACHE/tool.gguf"    # a new template means new models
fi

# --- 3. tiny scripted models ------------------------------------------------------
# The stamp is the generator's hash plus the template's, so editing either regenerates.
MODELS_STAMP="$(cat "$HERE/make_tiny_gguf.py" "$CACHE/$TEMPLATE_NAME" | sha256sum | cut -c1-64)"
if [ ! -f "$CACHE/chat.gguf" ] || [ ! -f "$CACHE/tool.gguf" ] \
   || [ "$(cat "$CACHE/models.stamp" 2>/dev/null)" != "$MODELS_STAMP" ]; then
  for script in chat tool; do
    timed "generate $script.gguf" \
      "$CACHE/venv/bin/python" "$HERE/make_tiny_gguf.py" "$CACHE/.$script.gguf.tmp" \
        --script "$script" --template "$CACHE/$TEMPLATE_NAME"
    mv -f "$CACHE/.$script.gguf.tmp" "$CACHE/$script.gguf"
  done
  echo "$MODELS_STAMP" >"$CACHE/models.stamp"
fi

CURRENT_STEP="done"
echo "[timing] build.sh total : $((SECONDS - T0)) s" >&2
echo "llama-server ready in $CACHE" >&2
