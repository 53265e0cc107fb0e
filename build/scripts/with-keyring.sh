#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring (in a
# throwaway data folder), the way .ci/run does. Usage: bash build/scripts/with-keyring.sh npm test
set -euo pipefail
KEYRING_HOME="$(mktemp -d)"
trap 'rm -rf "$KEYRING_HOME"' EXIT
export XDG_DATA_HOME="$KEYRING_HOME"
export CARERELAY_TEST_KEYRING=1
exec dbus-run-session -- bash -c 'echo -n "carerelay-dev" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' _ "$@"
