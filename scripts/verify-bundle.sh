#!/usr/bin/env bash
# Verifies an Invigil result bundle (invigil-result/1) with openssl, sha256sum and coreutils alone: no Invigil code.
#
#   scripts/verify-bundle.sh BUNDLE STATION_PUBLIC_KEY.pem   check a bundle against the station's public key
#   scripts/verify-bundle.sh --header-key BUNDLE             print, as PEM, the public key named in the bundle header
#
# A bundle is `base64url(header).base64url(payload).base64url(signature)` with nothing after it. The signature is
# Ed25519 over the ASCII text `header.payload`. The payload is the manifest (canonical JSON) on line 1, then one
# event per line; the events form a hash chain: h0 = 64 zeros, hN = sha256(hex(hN-1) + "\n" + lineN), and the last
# hash must equal the manifest's event_log.head. A session moved to a spare PC holds a session_moved event: the old
# station's Ed25519 signature over "invigil-room/1 session-head\n" + the canonical JSON of its last head is checked
# with the key the event names, and that head must be the chain at its seq. Exit 0: verified; 1: failed; 2: usage.
set -euo pipefail
export LC_ALL=C

fail() { printf 'FAILED: %s\n' "$1" >&2; exit 1; }
usage() { sed -n '4,5p' "$0" | cut -c3- >&2; exit 2; }

# Strict base64url decoding to stdout: unpadded alphabet only, and the text must be the one canonical encoding.
b64url_decode() {
  local text=$1 padded
  case $(( ${#text} % 4 )) in
    0) padded=$text ;;
    2) padded="$text==" ;;
    3) padded="$text=" ;;
    *) return 1 ;;
  esac
  printf '%s' "$padded" | basenc --base64url -d 2>/dev/null || return 1
}
canonical_b64url() {
  [ "$(b64url_decode "$1" | basenc --base64url -w0 | tr -d '=')" = "$1" ]
}

[ $# -ge 1 ] || usage
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The header key as PEM: a fixed 12-byte DER prefix (SubjectPublicKeyInfo, OID 1.3.101.112) + the raw 32-byte key.
header_key_pem() {
  local header x
  header=$(cut -d. -f1 "$1")
  x=$(b64url_decode "$header" | grep -o '"x":"[A-Za-z0-9_-]*"' | cut -d'"' -f4) || fail 'no key in the header'
  { printf '302A300506032B6570032100' | basenc --base16 -d; b64url_decode "$x"; } > "$tmp/key.der"
  openssl pkey -pubin -inform DER -in "$tmp/key.der"
}
if [ "$1" = "--header-key" ]; then
  [ $# -eq 2 ] || usage
  header_key_pem "$2"
  exit 0
fi

[ $# -eq 2 ] || usage
bundle=$1
pem=$2
[ -r "$bundle" ] || { printf 'cannot read %s\n' "$bundle" >&2; exit 2; }
[ -r "$pem" ] || { printf 'cannot read %s\n' "$pem" >&2; exit 2; }

# Exact format: base64url characters and two dots, nothing else (no newline, no padding, no whitespace).
[ "$(tr -d 'A-Za-z0-9_.-' < "$bundle" | wc -c)" -eq 0 ] || fail 'bytes outside the compact serialization (a newline, whitespace or padding?)'
[ "$(tr -cd '.' < "$bundle" | wc -c)" -eq 2 ] || fail 'not three dot-separated parts'
header=$(cut -d. -f1 "$bundle")
payload=$(cut -d. -f2 "$bundle")
signature=$(cut -d. -f3 "$bundle")
for part in "$header" "$payload" "$signature"; do
  [ -n "$part" ] && canonical_b64url "$part" || fail 'a part is not canonical base64url'
done

# (a) The Ed25519 signature over the ASCII bytes "header.payload".
printf '%s.%s' "$header" "$payload" > "$tmp/signing-input"
b64url_decode "$signature" > "$tmp/sig.bin"
[ "$(wc -c < "$tmp/sig.bin")" -eq 64 ] || fail 'the signature is not 64 bytes'
openssl pkeyutl -verify -pubin -inkey "$pem" -rawin -in "$tmp/signing-input" -sigfile "$tmp/sig.bin" > /dev/null 2>&1 ||
  fail 'the Ed25519 signature does not verify with this station key'

# (b) The payload: manifest on line 1, events after it, no trailing newline.
b64url_decode "$payload" > "$tmp/payload"
[ "$(tail -c 1 "$tmp/payload" | wc -l)" -eq 0 ] || fail 'the payload ends with a newline'
manifest=$(head -n 1 "$tmp/payload")
tail -n +2 "$tmp/payload" > "$tmp/events"
want_count=$(printf '%s' "$manifest" | sed -n 's/.*"event_log":{"count":\([0-9]*\),"head":"[0-9a-f]\{64\}"}.*/\1/p')
want_head=$(printf '%s' "$manifest" | sed -n 's/.*"event_log":{"count":[0-9]*,"head":"\([0-9a-f]\{64\}\)"}.*/\1/p')
[ -n "$want_head" ] && [ -n "$want_count" ] || fail 'the manifest has no event_log {count, head}'

# (c) The event hash chain, line by line.
hash=0000000000000000000000000000000000000000000000000000000000000000
count=0
: > "$tmp/hashes"
while IFS= read -r line || [ -n "$line" ]; do
  [ -n "$line" ] || fail "event $((count + 1)) is an empty line"
  hash=$(printf '%s\n%s' "$hash" "$line" | sha256sum | cut -d' ' -f1)
  printf '%s\n' "$hash" >> "$tmp/hashes"
  count=$((count + 1))
done < "$tmp/events"
[ "$count" -eq "$want_count" ] || fail "the manifest counts $want_count events but the bundle holds $count"
[ "$hash" = "$want_head" ] || fail "the event chain head $hash does not match the manifest's $want_head"

# (d) Each move to a spare PC: the old station signed the head the spare continued from.
moved=''
field() { printf '%s' "$1" | grep -o "\"$2\":\"[A-Za-z0-9_-]*\"" | head -n 1 | cut -d'"' -f4; }
while IFS= read -r line; do
  head_json=$(printf '%s' "$line" | grep -o '"fromHead":{[^}]*}' | cut -c12-) || fail 'a session_moved event without fromHead'
  from_key=$(field "$line" fromPublicKey)
  head_sig=$(field "$line" fromHeadSignature)
  from_id=$(field "$head_json" stationId)
  seq=$(printf '%s' "$head_json" | sed -n 's/.*"seq":\([0-9]*\).*/\1/p')
  at_hash=$(printf '%s' "$head_json" | sed -n 's/.*"hash":"\([0-9a-f]\{64\}\)".*/\1/p')
  [ -n "$from_key" ] && [ -n "$head_sig" ] && [ -n "$seq" ] && [ -n "$at_hash" ] || fail 'a session_moved event is incomplete'
  [ "$(b64url_decode "$from_key" | sha256sum | cut -c1-16)" = "$from_id" ] || fail "the moved-from key is not station $from_id's"
  { printf '302A300506032B6570032100' | basenc --base16 -d; b64url_decode "$from_key"; } > "$tmp/from.der"
  openssl pkey -pubin -inform DER -in "$tmp/from.der" -out "$tmp/from.pem" 2> /dev/null || fail 'the moved-from key is not an Ed25519 key'
  printf 'invigil-room/1 session-head\n%s' "$head_json" > "$tmp/head-msg"
  b64url_decode "$head_sig" > "$tmp/head.sig" || fail 'the moved-from head signature is not base64url'
  openssl pkeyutl -verify -pubin -inkey "$tmp/from.pem" -rawin -in "$tmp/head-msg" -sigfile "$tmp/head.sig" > /dev/null 2>&1 ||
    fail "station $from_id's signature on the head it handed over does not verify"
  [ "$(sed -n "${seq}p" "$tmp/hashes")" = "$at_hash" ] || fail "the head station $from_id signed is not the chain at event $seq"
  moved="$moved; moved at event $seq from station $from_id (its signed head verified)"
done < <(grep '"type":"session_moved"' "$tmp/events" || true)

printf 'OK: signature verified; %d events chain to %s%s\n' "$count" "$hash" "$moved"
