#!/bin/sh
# Starts the Kanbots host as Neutralino's extension (neutralino.config.json runs this file with sh).
# The host is a Node program: this checks that Node.js 20.19 or newer is on PATH and, when it is
# not, says so in plain words (on stderr, and in a dialog when one can be shown) instead of
# leaving the window waiting. Neutralino's launch JSON on stdin passes through to the host.
# Only shell built-ins until Node is found, so the message still comes with a bare PATH.
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
host="$here/../dist/host/neutralino-extension.js"

complain() {
  printf 'Kanbots: %s\n' "$1" >&2
  if command -v zenity >/dev/null 2>&1; then zenity --error --title=Kanbots --text="$1" >/dev/null 2>&1 &
  elif command -v kdialog >/dev/null 2>&1; then kdialog --title Kanbots --error "$1" >/dev/null 2>&1 &
  elif command -v osascript >/dev/null 2>&1; then osascript -e "display alert \"Kanbots\" message \"$1\"" >/dev/null 2>&1 &
  fi
  exit 127
}

node_command=${KANBOTS_NODE:-node}
if ! command -v "$node_command" >/dev/null 2>&1; then
  complain "Kanbots needs Node.js 20.19 or newer, and no \"node\" was found on PATH. Install Node.js (https://nodejs.org) and start Kanbots again."
fi
version=$("$node_command" --version 2>/dev/null)
if ! "$node_command" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' >/dev/null 2>&1; then
  complain "Kanbots needs Node.js 20.19 or newer; the \"node\" on PATH is ${version:-unknown}. Update Node.js (https://nodejs.org) and start Kanbots again."
fi
exec "$node_command" "$host" "$@"
