#!/usr/bin/env bash
# Regenerates the TLS test fixtures in this folder (run from anywhere; needs `openssl`).
#
#   ca.pem            test CA "aerovault test CA" (trust root for the tests)
#   server.pem/.key   server certificate for TLS name `aerovault-sim` (SAN DNS:aerovault-sim, IP:127.0.0.1)
#   client.pem/.key   client certificate "aerovault-client" (mutual TLS), signed by the test CA
#   other-ca.pem      an unrelated CA that signed nothing here (the "wrong CA" tests)
#   client-encrypted.key  client.key encrypted with the password "fixture" (must be refused)
#
# Keys are P-256; every certificate is valid for 100 years. CA keys are not kept: rerunning the script
# replaces every file. Test fixtures only: these keys are public.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
days=36500

cat > "$work/ext.cnf" <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:aerovault-sim, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

make_ca() {  # name subject
    newkey "$work/$1.key"
    openssl req -new -x509 -key "$work/$1.key" -subj "$2" -days $days -sha256 \
        -config "$work/ext.cnf" -extensions ca -out "$1.pem"
}

make_leaf() {  # name subject extensions
    newkey "$1.key"
    openssl req -new -key "$1.key" -subj "$2" -out "$work/$1.csr"
    openssl x509 -req -in "$work/$1.csr" -CA ca.pem -CAkey "$work/ca.key" -CAcreateserial \
        -CAserial "$work/ca.srl" -days $days -sha256 -extfile "$work/ext.cnf" -extensions "$3" -out "$1.pem" 2>/dev/null
}

make_ca ca "/O=aerovault tests/CN=aerovault test CA"
make_ca other-ca "/O=aerovault tests/CN=unrelated test CA"
make_leaf server "/O=aerovault tests/CN=aerovault-sim" server
make_leaf client "/O=aerovault tests/CN=aerovault-client" client
openssl pkey -in client.key -aes256 -passout pass:fixture -out client-encrypted.key
chmod 644 ./*.key
openssl verify -CAfile ca.pem server.pem client.pem
