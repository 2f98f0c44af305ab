#!/usr/bin/env bash
# One command from a fresh clone to the sample papers in output/:
# a browser for PDF output (through apt-get when none is present), the locked npm packages,
# the compiled CLI, then the sample report and the sample meeting's packs.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  [ -n "${PAPERS_BROWSER:-}" ] && return 0
  for name in chromium-headless-shell chrome-headless-shell chromium chromium-browser google-chrome-stable google-chrome; do
    command -v "$name" >/dev/null 2>&1 && return 0
  done
  return 1
}

missing=()
have_browser || missing+=(chromium-headless-shell)
fc-list 2>/dev/null | grep -i 'Liberation Sans' >/dev/null || missing+=(fonts-liberation fonts-dejavu-core fontconfig)
# qpdf reads and copies the pages of PDF papers (appendices, minutes) into packs.
command -v "${PAPERS_QPDF:-qpdf}" >/dev/null 2>&1 || missing+=(qpdf)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${missing[*]} through apt-get"
    # Wait for another install that holds the package manager's lock, rather than failing.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]})," >&2
    echo "       or set PAPERS_BROWSER to a Chrome/Chromium executable and PAPERS_QPDF to qpdf, then run this again." >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund   # also compiles the CLI (the prepare script)

node dist/bundle/papers.js build data/reports/commissioning-protocol.yaml --out output
# The sample meeting's date of issue (2012) has passed, so its packs count as published and a
# changed tool or template would be refused (see "A published pack stays as published"): set-up
# makes its own sample afresh each time.
rm -rf output/council-2012-06-25
node dist/bundle/papers.js pack data/*.yaml --out output
# The county style's sample: a report and a meeting written for it (styles/county).
rm -rf output/county/cabinet-2025-02-03
node dist/bundle/papers.js build data/county/reports/*.yaml --out output/county
node dist/bundle/papers.js pack data/county/*.yaml --out output/county
node dist/bundle/papers.js outcomes data/outcomes/*.yaml --out output
node dist/bundle/papers.js forward-plan 'data/reports/*.yaml' --out output
echo "setup: done; the sample papers are in output/"
