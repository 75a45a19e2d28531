#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: Chromium (display tests),
# Mosquitto (external MQTT broker tests) and InfluxDB 1.x (telemetry adapter tests).
# Idempotent and quick when everything is already there; called by `npm test` (pretest) and CI.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v influxd >/dev/null 2>&1 || [ -x /usr/bin/influxd ] || need+=(influxdb)
fc-list 2>/dev/null | grep -qi 'noto' || need+=(fonts-noto-core)
[ ${#need[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${need[*]} (Debian packages)" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: not root and no sudo: please install ${need[*]} with apt-get" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# Packaged services must not start on install: tests start their own on free loopback ports.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system-deps: done" >&2
