#!/usr/bin/env bash
# A macOS disk image of dist/skiptrace.app (built by `python3 dev.py bundle` on a Mac):
# the app beside an /Applications link, so the user drags it across.
#
#   packaging/macos/make_dmg.sh            -> dist/skiptrace-VERSION-macos-ARCH.dmg
#
# With MACOS_SIGN_IDENTITY set ("Developer ID Application: ..."), the app is signed with the
# hardened runtime first; notarise the .dmg afterwards with `xcrun notarytool submit --wait`
# and `xcrun stapler staple`. Unsigned, Gatekeeper asks the user to open it with right-click.
set -euo pipefail
cd "$(dirname "$0")/../.."

app=dist/skiptrace.app
[ -d "$app" ] || { echo "make_dmg: $app not found; run python3 dev.py bundle first" >&2; exit 2; }
version=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$app/Contents/Info.plist")
arch=$(uname -m)
out="dist/skiptrace-$version-macos-$arch.dmg"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$out"
hdiutil create -volname "skiptrace $version" -srcfolder "$stage" -fs HFS+ -format UDZO \
  -imagekey zlib-level=9 -ov "$out"
hdiutil verify "$out"
echo "wrote $out"
