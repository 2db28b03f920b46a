# One place for the lab's pinned versions (sourced by the lab scripts).
K8S_VERSION=v1.37.2
ETCD_VERSION=v3.7.3
KWOK_VERSION=v0.8.0
CODE_SERVER_VERSION=4.100.3
# Bump when build.sh changes how binaries are built, so cached ones are rebuilt.
LAB_BUILD_REV=2
