#!/usr/bin/env bash
# Installs the Debian packages KubeLab's lab and tests need. As root it
# installs what is missing (apt-get); as another user it names the packages
# and stops. Idempotent: with everything present it does nothing.
set -euo pipefail
need=()
has() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in chromium libkrb5-dev ripgrep jq curl openssl g++ make python3 fonts-dejavu-core procps; do
  has "$p" || need+=("$p")
done
command -v go >/dev/null || { echo "kubelab: Go 1.26 or newer is needed on PATH to build the lab (Kubernetes 1.37 needs it) (https://go.dev/doc/install)" >&2; exit 1; }
# An older Go builds Kubernetes 1.37 only if it may fetch Go 1.26 through the module proxy (GOTOOLCHAIN=auto).
go_minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [ "${go_minor:-0}" -lt 26 ] && [ "$(go env GOTOOLCHAIN)" = local ]; then
  echo "kubelab: Go $(go env GOVERSION) with GOTOOLCHAIN=local cannot build Kubernetes 1.37: install Go 1.26 or newer, or let Go fetch it (GOTOOLCHAIN=auto)" >&2
  exit 1
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "kubelab: please install these Debian packages, then run again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "kubelab: installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${need[@]}" >&2
