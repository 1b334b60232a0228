#!/usr/bin/env bash
# What the tests need beyond Python, installed where this machine lets us, named where it does not:
#   chromium                  the browser tests (tests/test_browser.py drive it with Playwright)
#   fonts-wqy-microhei        a CJK font: rendered PDF/PNG fixtures and screenshots need Chinese glyphs
#   libreoffice-writer-nogui  writes the Word 97-2003 .doc fixture (an independent writer of the format)
# Used by `make test` (target system-deps) and so by .ci/run. Debian/Ubuntu package names.
set -euo pipefail
need=()  # installed with their recommended packages
lean=()  # installed without (LibreOffice's recommends are hundreds of MB the tests never use)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
command -v soffice >/dev/null 2>&1 || lean+=(libreoffice-writer-nogui)
[ $((${#need[@]} + ${#lean[@]})) -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  if [ "${sudo[0]:-}" != none ]; then
    echo "system-deps: installing ${need[*]} ${lean[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    [ ${#need[@]} -eq 0 ] || "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
    [ ${#lean[@]} -eq 0 ] || "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
    exit 0
  fi
fi
cat >&2 <<MSG
system-deps: the tests need these system packages, which are missing: ${need[*]} ${lean[*]}
  Debian/Ubuntu:  sudo apt-get install ${need[*]} ${lean[*]}
  Elsewhere: install Chromium (as 'chromium' on PATH), any CJK font (fc-list :lang=zh lists it) and
  LibreOffice Writer ('soffice' on PATH), then run 'make test' again.
MSG
exit 1
