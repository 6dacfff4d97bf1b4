#pragma once
// The system's libcrypto (Debian libssl-dev): reading asbackup's AES-CTR encrypted backup files
// (SPEC.md §18 "Encrypted files"). AES and key parsing come from OpenSSL, never our own code.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
