#!/usr/bin/env bash
# Install the Debian packages in tools/system-packages.txt (idempotent).
# As root on Debian: installs what is missing. Elsewhere: prints the command to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t pkgs < <(grep -v '^#' "$here/system-packages.txt" | sed '/^$/d')
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && command -v npm >/dev/null 2>&1; then
  echo "system packages: all ${#pkgs[@]} present"
  exit 0
fi
if [ ! -f /etc/debian_version ] || [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/apt-install.log 2>&1 || {
    tail -20 /tmp/apt-install.log >&2; exit 1; }
fi
echo "system packages: installed ${#missing[@]}"
# Debian's nodejs comes without npm (NodeSource's includes it): add Debian's npm only where the command is missing.
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -q --no-install-recommends npm >/tmp/apt-install.log 2>&1 || { tail -20 /tmp/apt-install.log >&2; exit 1; }
  echo "system packages: installed npm"
fi
