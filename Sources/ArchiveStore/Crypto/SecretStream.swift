internal import CSodium

/// Encrypting side of one `crypto_secretstream_xchacha20poly1305` stream (SPEC.md §4).
///
/// Owns the stream state and zeroes it in `deinit`. Not thread-safe: one stream per call.
final class SecretStreamPush {
    /// Bytes of the stream header written before the first message.
    static let headerByteCount = 24
    /// Bytes each message grows by when encrypted (1 encrypted tag byte + 16-byte MAC).
    static let messageOverhead = 17

    private var state = crypto_secretstream_xchacha20poly1305_state()
    /// The header to store in front of the messages.
    let header: [UInt8]

    init(key: SecretBytes) {
        precondition(Sodium.ready, "libsodium failed to initialize")
        var header = [UInt8](repeating: 0, count: Self.headerByteCount)
        var initial = crypto_secretstream_xchacha20poly1305_state()
        let status = key.withKeyPointer { k in crypto_secretstream_xchacha20poly1305_init_push(&initial, &header, k) }
        precondition(status == 0, "crypto_secretstream_xchacha20poly1305_init_push failed")
        self.header = header
        self.state = initial
        withUnsafeMutableBytes(of: &initial) { Sodium.zero($0) }
    }

    deinit { withUnsafeMutableBytes(of: &state) { Sodium.zero($0) } }

    /// Encrypts `message` with `associatedData` into `destination`, which must have room for
    /// `message.count + 17` bytes.
    func push(
        _ message: UnsafeRawBufferPointer, associatedData: [UInt8], isFinal: Bool,
        to destination: UnsafeMutablePointer<UInt8>
    ) {
        let tag = isFinal ? crypto_secretstream_xchacha20poly1305_tag_final()
            : crypto_secretstream_xchacha20poly1305_tag_message()
        let status = crypto_secretstream_xchacha20poly1305_push(
            &state, destination, nil,
            message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
            associatedData, UInt64(associatedData.count), tag)
        precondition(status == 0, "crypto_secretstream_xchacha20poly1305_push failed")
    }

    /// Encrypts `message` with `associatedData`, appending `message.count + 17` bytes to `out`.
    func push(_ message: UnsafeRawBufferPointer, associatedData: [UInt8], isFinal: Bool, into out: inout [UInt8]) {
        let sealedCount = message.count + Self.messageOverhead
        let sealed = [UInt8](unsafeUninitializedCapacity: sealedCount) { buffer, count in
            push(message, associatedData: associatedData, isFinal: isFinal, to: buffer.baseAddress!)
            count = sealedCount
        }
        out.append(contentsOf: sealed)
    }
}

/// Decrypting side of one secretstream; every failure is `.corrupted`.
final class SecretStreamPull {
    private var state = crypto_secretstream_xchacha20poly1305_state()

    /// Starts a stream from its 24-byte header.
    init(header: ArraySlice<UInt8>, key: SecretBytes) throws {
        precondition(Sodium.ready, "libsodium failed to initialize")
        guard header.count == SecretStreamPush.headerByteCount else {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: short stream header")
        }
        let headerBytes = Array(header)
        var initial = crypto_secretstream_xchacha20poly1305_state()
        let status = key.withKeyPointer { k in
            crypto_secretstream_xchacha20poly1305_init_pull(&initial, headerBytes, k)
        }
        state = initial
        withUnsafeMutableBytes(of: &initial) { Sodium.zero($0) }
        guard status == 0 else { throw ArchiveStoreError(.corrupted, "sealed blob is damaged: bad stream header") }
    }

    deinit { withUnsafeMutableBytes(of: &state) { Sodium.zero($0) } }

    /// Decrypts and authenticates one message into `destination`, which must have room for
    /// `message.count - 17` bytes.
    ///
    /// - Returns: true if the message carried the final tag.
    /// - Throws: `.corrupted` if authentication fails (tamper, reorder, wrong key or wrong AD).
    func pull(
        _ message: UnsafeRawBufferPointer, associatedData: [UInt8], to destination: UnsafeMutablePointer<UInt8>
    ) throws -> Bool {
        guard message.count >= SecretStreamPush.messageOverhead, let source = message.baseAddress else {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: truncated message")
        }
        var tag: UInt8 = 0
        let status = crypto_secretstream_xchacha20poly1305_pull(
            &state, destination, nil, &tag, source.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
            associatedData, UInt64(associatedData.count))
        guard status == 0 else {
            throw ArchiveStoreError(
                .corrupted,
                "sealed blob failed authentication: it was modified, truncated, stored under another name, or sealed with another key")
        }
        return tag == crypto_secretstream_xchacha20poly1305_tag_final()
    }

    /// Decrypts and authenticates one message, returning its plaintext and whether it was final.
    func pull(_ message: ArraySlice<UInt8>, associatedData: [UInt8]) throws -> (plaintext: [UInt8], isFinal: Bool) {
        guard message.count >= SecretStreamPush.messageOverhead else {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: truncated message")
        }
        var isFinal = false
        let plainCount = message.count - SecretStreamPush.messageOverhead
        // Capacity at least 1 so the buffer always has a base address, even for an empty message.
        let plaintext = try [UInt8](unsafeUninitializedCapacity: max(plainCount, 1)) { buffer, count in
            isFinal = try message.withUnsafeBytes { src in
                try pull(src, associatedData: associatedData, to: buffer.baseAddress!)
            }
            count = plainCount
        }
        return (plaintext, isFinal)
    }
}
