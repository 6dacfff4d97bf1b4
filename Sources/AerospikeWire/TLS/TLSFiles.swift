import Foundation
import NIOSSL

/// Loads PEM certificates and private keys with errors that name the file and the problem
/// (shared by the client's ``TLSClientContext`` and the simulator's TLS listener).
package enum TLSFiles {
    /// Every certificate in a PEM file, in file order.
    /// - Parameter role: what the file is for, used in messages ("CA file", "client certificate file").
    /// - Throws: ``WireError/Code/tls`` if the file cannot be read or holds no PEM certificate.
    package static func certificates(at path: String, role: String) throws -> [NIOSSLCertificate] {
        let bytes = try read(path, role: role)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw WireError(.tls, "TLS \(role) \(path) is not a PEM certificate file (\(error))", cause: error)
        }
        guard !certificates.isEmpty else {
            throw WireError(.tls, "TLS \(role) \(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        return certificates
    }

    /// The unencrypted PEM private key in a file.
    /// - Throws: ``WireError/Code/tls`` if the file cannot be read, is encrypted (no key passwords are
    ///   taken: secrets never go on a command line), or holds no PEM private key.
    package static func privateKey(at path: String) throws -> NIOSSLPrivateKey {
        let bytes = try read(path, role: "key file")
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("ENCRYPTED") {
            throw WireError(
                .tls,
                "TLS key file \(path) is encrypted; key passwords are not supported, decrypt it once with "
                    + "`openssl pkey -in \(path) -out <new file>` and keep that file private")
        }
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw WireError(.tls, "TLS key file \(path) is not a PEM private key (\(error))", cause: error)
        }
    }

    /// PEM files of certificates and keys are a few KiB; anything past this is not one.
    static let maxFileSize = 1 << 20

    private static func read(_ path: String, role: String) throws -> [UInt8] {
        guard !path.isEmpty else { throw WireError(.tls, "TLS \(role): empty path") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw WireError(.tls, "TLS \(role) \(path) \(reason)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileSize + 1) ?? Data()
        } catch {
            throw WireError(.tls, "TLS \(role) \(path) cannot be read", cause: error)
        }
        guard data.count <= maxFileSize else {
            throw WireError(.tls, "TLS \(role) \(path) is larger than \(maxFileSize) bytes; it is not a PEM file")
        }
        return [UInt8](data)
    }
}
