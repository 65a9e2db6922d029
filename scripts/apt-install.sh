#!/usr/bin/env bash
# Install Debian packages for a test that needs a program: apt-get as root, through sudo otherwise, and a
# loud message (exit 0) where neither is possible, so that the test says why it skips.
# Usage: scripts/apt-install.sh WHAT TEST PACKAGE...   (WHAT names the caller in messages)
set -euo pipefail
what="$1" test="$2"
shift 2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "$what: not root and no sudo: skipping; $test will be skipped (and fails under CI=true)" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
