#!/usr/bin/env bash
# Set up SatuPintu on Debian/Ubuntu (idempotent): system packages, .venv, the project.
#   scripts/setup.sh        → what `satupintu up` needs
#   scripts/setup.sh --dev  → plus what the tests need (Chromium, Playwright, linters)
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0; [ "${1:-}" = "--dev" ] && dev=1
packages=(libzbar0)
[ "$dev" = 1 ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install: ${missing[*]} (see README for macOS/Windows)" >&2
  fi
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "SatuPintu needs Python 3.11 or newer (python3 is $(python3 --version))" >&2; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
extra="server,web"; [ "$dev" = 1 ] && extra="dev"
.venv/bin/python -m pip install -q -e ".[$extra]"
