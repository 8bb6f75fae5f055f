#!/usr/bin/env bash
# Installs the Debian 12 packages Muster builds and tests with.
# Idempotent: only packages that are missing are installed, and `apt-get update`
# runs only when something has to be installed. Must run as root (or via sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev libyaml-cpp-dev libfmt-dev doctest-dev
  nlohmann-json3-dev libcli11-dev libssl-dev libbenchmark-dev
  libpugixml-dev  # CAP 1.2 alerts (src/cap)
  graphviz python3
  python3-venv python3-setuptools python3-wheel  # the Python package, installed offline into a venv (scripts/test-python-package.sh)
  clang-14 libfuzzer-14-dev libclang-rt-14-dev  # the fuzz targets (fuzz/, make fuzz): libFuzzer's runtime with ASan+UBSan
  fonts-wqy-microhei  # a CJK font (1.6 MB), so `muster graph --format png` draws Chinese names, not boxes
  postgresql-15 libpq-dev  # the PostgreSQL journal store (libpq) and the server its tests start (tests/pg/pg_server.sh)
  chromium  # a real browser, headless: the test of `muster report --format html` (tests/report/check_html_report.py)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: missing ${missing[*]}; run as root to install them" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
