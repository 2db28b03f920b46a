#!/usr/bin/env bash
# The lesson's API proxy: the API server on http://localhost:8080, with the
# credentials of your kubeconfig ($KUBECONFIG). Run it in the background:
#   ./proxy_api_server_to_localhost_8080.sh &
exec kubectl proxy --address=127.0.0.1 --port="${KUBELAB_PROXY_PORT:-8080}" --accept-hosts='^(localhost|127\.0\.0\.1|\[::1\])$'
