#!/usr/bin/env bash
# Install what the dashboard needs on a fresh Debian machine (run as root), idempotently:
# Debian packages (Chromium for chart export and browser tests, fonts with Vietnamese glyphs,
# poppler for checking PDFs, LibreOffice for opening .docx files in tests, nginx and PostgreSQL for the
# replica deployment), a virtual environment in .venv with the pinned Python packages.
# Usage: scripts/setup.sh [requirements file]   (default requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
REQ="${1:-requirements.txt}"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# Times New Roman's metrics with the Vietnamese letters (Liberation 2), for .docx and PDF exports.
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need_apt+=(fonts-liberation2)
[ -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || need_apt+=(fonts-liberation)
# LibreOffice, headless: the briefing's PDF check and the tests open every .docx as a person would.
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
# nginx and PostgreSQL: the reverse proxy and the shared database of a deployment on several replicas
# (the replica test starts both on loopback).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Cài gói Debian: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum "$REQ" requirements.txt | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$REQ"
  touch "$stamp"
fi
