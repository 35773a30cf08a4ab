#!/usr/bin/env bash
# The Linux download: dist/skiptrace (built by `python3 dev.py bundle`) with a desktop entry
# and the icon, as dist/skiptrace-VERSION-linux-ARCH.tar.gz. The user unpacks it anywhere and
# runs ./skiptrace (or ./install-desktop-entry.sh to see it in the application menu).
set -euo pipefail
cd "$(dirname "$0")/../.."

bundle=dist/skiptrace
[ -x "$bundle/skiptrace-cli" ] || { echo "make_tarball: run python3 dev.py bundle first" >&2; exit 2; }
version=$("$bundle/skiptrace-cli" --version | awk '{print $2}')
out="dist/skiptrace-$version-linux-$(uname -m).tar.gz"

cp packaging/linux/skiptrace.desktop "$bundle/"
cp build/bundle/icons/skiptrace.png "$bundle/skiptrace.png"
cat > "$bundle/install-desktop-entry.sh" <<'SH'
#!/bin/sh
# Adds skiptrace to this user's application menu, pointing at this folder.
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/skiptrace.png" "$icons/skiptrace.png"
sed "s|^Exec=.*|Exec=\"$here/skiptrace\"|" "$here/skiptrace.desktop" > "$apps/skiptrace.desktop"
echo "added $apps/skiptrace.desktop"
SH
chmod +x "$bundle/install-desktop-entry.sh"
tar -C dist -czf "$out" skiptrace
echo "wrote $out"
