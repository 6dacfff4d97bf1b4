#!/bin/sh
# Regenerates the encrypted .asb fixtures with OpenSSL's command line alone, following asbackup's
# scheme as SPEC.md §18.7 describes it: key = SHA-256 of the PEM private key in DER (PKCS#1 for RSA),
# first 16 bytes for aes128; file = AES-ECB(IV) then AES-CTR of the (zstd-compressed) backup file
# with the counter starting at IV + 1. The IV is fixed here (asbackup takes the time and random bits)
# and ends in ff, so the first counter carries.
set -eu
cd "$(dirname "$0")"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null
digest=$(openssl pkey -in key.pem -outform DER | openssl dgst -sha256 -binary | od -An -tx1 | tr -d ' \n')
key128=$(printf %s "$digest" | cut -c1-32)
iv=00112233445566778899aabbccddeeff
counter=00112233445566778899aabbccddef00
encrypt() { # bits key input output
    printf %s "$iv" | sed 's/../\\x&/g' | xargs -0 printf | openssl enc -aes-"$1"-ecb -K "$2" -nopad >"$4"
    openssl enc -aes-"$1"-ctr -K "$2" -iv "$counter" -in "$3" >>"$4"
}
encrypt 256 "$digest" ../corpus.asb corpus-aes256.asb
zstd -q -c ../corpus.asb >corpus.asb.zst
encrypt 128 "$key128" corpus.asb.zst corpus-zstd-aes128.asb
rm corpus.asb.zst
