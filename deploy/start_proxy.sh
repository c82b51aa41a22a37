#!/usr/bin/env bash
# Start nginx (Debian's package) in front of app servers already listening on the given ports.
#
#   deploy/start_proxy.sh LISTEN_PORT UPSTREAM_PORT [UPSTREAM_PORT ...]
#
# Runs in the foreground (stop it with Ctrl-C or SIGTERM). Needs no root: its config, pid, logs
# and temp files go under KPIS_PROXY_PREFIX (default: a new temporary folder). Listens on
# KPIS_PROXY_ADDRESS (default 127.0.0.1; 0.0.0.0 for every interface); the upstreams are on
# KPIS_UPSTREAM_HOST (default 127.0.0.1). NGINX names the binary (default: nginx on the PATH,
# else /usr/sbin/nginx).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 LISTEN_PORT UPSTREAM_PORT [UPSTREAM_PORT ...]" >&2
  exit 2
fi
for port in "$@"; do
  case "$port" in
    ''|*[!0-9]*) echo "not a port number: $port" >&2; exit 2 ;;
  esac
done
listen_port=$1
shift

here="$(cd "$(dirname "$0")" && pwd)"
nginx_bin="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [ ! -x "$nginx_bin" ]; then
  echo "nginx is not installed (apt-get install nginx)" >&2
  exit 1
fi
prefix="${KPIS_PROXY_PREFIX:-$(mktemp -d -t kpis-proxy.XXXXXX)}"
mkdir -p "$prefix/tmp"
address="${KPIS_PROXY_ADDRESS:-127.0.0.1}"
upstream_host="${KPIS_UPSTREAM_HOST:-127.0.0.1}"

user_line=""
if [ "$(id -u)" -eq 0 ]; then
  # Started as root, nginx's workers drop to nobody: let them reach their temp files.
  user_line="user nobody nogroup;"
  chmod 755 "$prefix"
  chmod 1777 "$prefix/tmp"
fi

upstreams=""
for port in "$@"; do
  upstreams+="        server ${upstream_host}:${port} max_fails=3 fail_timeout=10s;"$'\n'
done

config="$prefix/nginx.conf"
awk -v prefix="$prefix" -v listen="${address}:${listen_port}" -v user="$user_line" \
    -v upstreams="${upstreams%$'\n'}" '
  { gsub(/@PREFIX@/, prefix); gsub(/@LISTEN@/, listen); gsub(/@USER@/, user) }
  /^@UPSTREAMS@$/ { print upstreams; next }
  { print }
' "$here/nginx.conf.template" > "$config"

"$nginx_bin" -p "$prefix" -e "$prefix/error.log" -c "$config" -t -q
echo "kpis proxy on http://${address}:${listen_port} -> $* (config and logs in $prefix)" >&2
exec "$nginx_bin" -p "$prefix" -e "$prefix/error.log" -c "$config" -g "daemon off;"
