#!/usr/bin/env bash
# quickstart.sh — the README's two commands on a fresh Debian 12 machine (as root):
#   bash tools/quickstart.sh seeds   install what is missing, build, extract seeds/ to out/seeds.ttl
#   bash tools/quickstart.sh test    install what is missing, build, run the whole test suite
# .ci/run calls `bash tools/quickstart.sh test`.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-seeds}
case "$mode" in seeds|test) ;; *) echo "usage: $0 seeds|test" >&2; exit 2 ;; esac

# Debian packages: build, libraries, and the tools the tests drive (rapper, roqet, node).
pkgs=(build-essential cmake pkg-config libpcre2-dev libraptor2-dev librdf0-dev librasqal3-dev
      libopencc-dev libutf8proc-dev raptor2-utils)
[ "$mode" = test ] && pkgs+=(rasqal-utils parallel)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$mode" = test ] && ! command -v node >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
build() { # build DIR [cmake options…]
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPK_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" >/dev/null
}

if [ "$mode" = seeds ]; then
  build build
  mkdir -p out
  build/policekg extract --stats -o out/seeds.ttl seeds/*.txt
  echo "quickstart: wrote out/seeds.ttl ($(wc -l < out/seeds.ttl) lines)"
  exit 0
fi

# test: the npm packages the RDF tests load output with (n3, oxigraph, SHACL validator).
if [ -f tests/js/package.json ]; then
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
build build
(cd build && ctest --output-on-failure -j "$jobs")
# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer, arena as plain mallocs.
build build-asan -DCMAKE_BUILD_TYPE=Debug -DPK_SANITIZE=ON -DPK_DEBUG_ARENA=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$jobs")
