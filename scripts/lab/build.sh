#!/usr/bin/env bash
# Builds the lab's binaries from Go modules through the Go module proxy:
# kube-apiserver, kube-controller-manager, kube-scheduler and kubectl from
# k8s.io/kubernetes, etcd and etcdctl from go.etcd.io/etcd, and kwok (a fake
# kubelet that needs no containers). Binaries are cached per version under
# $KUBELAB_CACHE (default ~/.cache/kubelab), so only the first run builds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.sh
. "$here/versions.sh"

cache=${KUBELAB_CACHE:-$HOME/.cache/kubelab}
bin="$cache/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-r$LAB_BUILD_REV"
want=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd etcdctl kwok)

stages="$bin/kwok-stages.yaml"
have_all() { for b in "${want[@]}"; do [ -x "$bin/$b" ] || return 1; done; [ -s "$stages" ]; }
if have_all; then echo "$bin"; exit 0; fi

command -v go >/dev/null || { echo "kubelab: Go is needed to build the lab (install golang)" >&2; exit 1; }
mkdir -p "$bin"
export GOFLAGS=-buildvcs=false CGO_ENABLED=0
ldflags="-s -w"
log() { echo "kubelab: $*" >&2; }

# --- Kubernetes: a wrapper module that requires k8s.io/kubernetes and replaces
# every staging module it pins at v0.0.0 with the matching v0.X.Y release.
k8s_mod="$cache/build/k8s-$K8S_VERSION"
if [ ! -f "$k8s_mod/.ready" ]; then
  log "resolving k8s.io/kubernetes@$K8S_VERSION (first run only)"
  rm -rf "$k8s_mod"; mkdir -p "$k8s_mod"; cd "$k8s_mod"
  go mod init kubelab.local/labbuild >/dev/null 2>&1
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  staging="v0${K8S_VERSION#v1}"
  {
    echo "replace ("
    grep -E '^\s+k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$gomod" | awk -v v="$staging" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } >> go.mod
  go get "k8s.io/kubernetes@$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-scheduler@$K8S_VERSION" \
    "k8s.io/kubectl@$staging" >&2
  go get "k8s.io/kubernetes/cmd/kubectl@$K8S_VERSION" >&2
  touch .ready
fi
cd "$k8s_mod"
# What Kubernetes' own build stamps in (hack/lib/version.sh), so that
# `kubectl version` and /version tell the real version.
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
k8s_ldflags="$ldflags"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done
for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [ -x "$bin/$c" ] && continue
  log "building $c $K8S_VERSION"
  go build -trimpath -ldflags "$k8s_ldflags" -o "$bin/$c" "k8s.io/kubernetes/cmd/$c"
done

# --- etcd and etcdctl, same minor as kubeadm uses for this Kubernetes.
etcd_mod="$cache/build/etcd-$ETCD_VERSION"
if [ ! -f "$etcd_mod/.ready" ]; then
  log "resolving go.etcd.io/etcd $ETCD_VERSION (first run only)"
  rm -rf "$etcd_mod"; mkdir -p "$etcd_mod"; cd "$etcd_mod"
  go mod init kubelab.local/etcdbuild >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" "go.etcd.io/etcd/etcdctl/v3@$ETCD_VERSION" >&2
  touch .ready
fi
cd "$etcd_mod"
[ -x "$bin/etcd" ] || { log "building etcd $ETCD_VERSION"; go build -trimpath -ldflags "$ldflags" -o "$bin/etcd" go.etcd.io/etcd/server/v3; }
[ -x "$bin/etcdctl" ] || { log "building etcdctl $ETCD_VERSION"; go build -trimpath -ldflags "$ldflags" -o "$bin/etcdctl" go.etcd.io/etcd/etcdctl/v3; }

# --- kwok
kwok_mod="$cache/build/kwok-$KWOK_VERSION"
if [ ! -f "$kwok_mod/.ready" ]; then
  log "resolving sigs.k8s.io/kwok $KWOK_VERSION (first run only)"
  rm -rf "$kwok_mod"; mkdir -p "$kwok_mod"; cd "$kwok_mod"
  go mod init kubelab.local/kwokbuild >/dev/null 2>&1
  go get "sigs.k8s.io/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >&2
  touch .ready
fi
cd "$kwok_mod"
[ -x "$bin/kwok" ] || { log "building kwok $KWOK_VERSION"; go build -trimpath -ldflags "$ldflags" -o "$bin/kwok" sigs.k8s.io/kwok/cmd/kwok; }
# kwok 0.8 has no built-in stages: the ones 0.7 used by default (a node that turns Ready and
# keeps its heartbeat; pods that become Ready, complete, and go when deleted), from its module.
if [ ! -s "$stages" ]; then
  kwok_src=$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
  for f in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    echo '---'
    cat "$kwok_src/kustomize/stage/$f.yaml"
  done > "$stages.tmp"
  mv "$stages.tmp" "$stages"
fi

have_all
echo "$bin"
