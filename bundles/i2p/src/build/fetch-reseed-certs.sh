#!/bin/sh
# Brings the I2P reseed signer certificates into the bundle from Debian's i2pd package.
#   fetch-reseed-certs.sh <output dir>   → <output dir>/i2p/certificates/reseed/*.crt and index.txt
# The router verifies every reseed bundle (su3 file) against these certificates; without them it cannot
# bootstrap on the public network. Debian's i2pd package is used because it is a registry this project
# reaches; the certificate files are the same signer certificates the Java router ships.
# A failure here is not fatal (the build goes on and the router logs that it cannot reseed).
set -u
out="$1/i2p/certificates/reseed"
work="$1/i2pd-deb"
if [ -f "$out/index.txt" ]; then
  echo "reseed certificates already in $out"
  exit 0
fi
mkdir -p "$work" "$out"
cd "$work" || exit 0
if ! ls i2pd_*.deb >/dev/null 2>&1; then
  if ! apt-get download i2pd >/dev/null 2>&1; then
    echo "WARNING: could not download Debian's i2pd package (no apt-get, or run 'apt-get update' first);" \
         "the bundle will have no reseed certificates" >&2
    exit 0
  fi
fi
deb=$(ls i2pd_*.deb | head -n 1)
rm -rf x && dpkg-deb -x "$deb" x || { echo "WARNING: could not unpack $deb" >&2; exit 0; }
cp x/usr/share/i2pd/certificates/reseed/*.crt "$out"/
(cd "$out" && ls *.crt > index.txt)
echo "$(wc -l < "$out/index.txt") reseed certificates from $deb" | tee "$out/SOURCE.txt"
