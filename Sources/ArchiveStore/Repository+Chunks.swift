extension ChunkType {
    var purpose: SealPurpose { self == .data ? .data : .metadata }
}

extension Repository {
    /// Stores a chunk unless one with the same id exists (exact dedup across every indexed snapshot and
    /// chunks pending in this session). Sealed with its id as associated data (SPEC.md §7).
    /// - Returns: the chunk id and whether this call stored it (`false`: already present).
    /// - Note: the chunk is durable only after ``flush()``.
    public nonisolated func saveChunk(_ plaintext: [UInt8], type: ChunkType = .data) async throws
        -> (id: ChunkID, stored: Bool)
    {
        let id = hasher.id(of: plaintext)
        guard await reserve(id) else { return (id, false) }
        try await workspaces.withContext { workspace in
            let length: Int
            do {
                length = try sealer.seal(
                    plaintext, purpose: type.purpose, associatedData: id.bytes, into: &workspace.sealed)
            } catch {
                await release(id)
                throw error
            }
            try await append(id: id, type: type, sealed: workspace.sealed[..<length], plaintextLength: plaintext.count)
        }
        return (id, true)
    }

    /// Loads a chunk and verifies it: authentication, plaintext length, and id == keyed hash of plaintext.
    ///
    /// Every location the index knows is tried in turn (SPEC.md §8 "Reading"): a missing pack or a
    /// damaged copy falls back to the next pack holding the chunk, and packs found missing are tried
    /// last from then on.
    /// - Throws: `.notFound` if the id is unknown or every pack holding it is missing; `.corrupted`
    ///   naming the pack(s) when no copy reads back intact.
    public nonisolated func loadChunk(_ id: ChunkID) async throws -> [UInt8] {
        let locations: [(location: ChunkLocation, extent: Int)]
        switch await chunkSource(id) {
        case .packs(let found): locations = found
        case .unsaved(let sealed, let type, let plaintextLength):
            return try open(id, sealed: sealed, type: type, plaintextLength: plaintextLength, in: "an unsaved pack")
        case .none: throw ArchiveStoreError(.notFound, "chunk \(id.short) is not in the index")
        }
        var failures: [ArchiveStoreError] = []
        for (location, extent) in locations {
            let sealed: [UInt8]
            do {
                sealed = try await loadSealed(location, extent: extent)
            } catch let error as ArchiveStoreError where error.code == .notFound || error.code == .corrupted {
                if error.code == .notFound { await noteMissing(location.pack) }
                failures.append(ArchiveStoreError(error.code, "cannot read chunk \(id.short): \(error.message)"))
                continue
            }
            do {
                let path = FileKind.pack.path(of: location.pack.hex)
                return try open(id, sealed: sealed, type: location.type, plaintextLength: Int(location.plaintextLength), in: path)
            } catch let error as ArchiveStoreError where error.code == .corrupted {
                failures.append(error)
            }
        }
        if failures.count == 1, let only = failures.first { throw only }
        throw ArchiveStoreError(
            failures.contains { $0.code == .corrupted } ? .corrupted : .notFound,
            "chunk \(id.short) cannot be read from any of the \(failures.count) packs the index names for it: "
                + failures.map(\.message).joined(separator: "; "))
    }

    /// The sealed bytes of a chunk: through the read-ahead windows when the backend wants them, else
    /// (or when a window cannot be read, e.g. a truncated pack) a ranged read of the chunk alone.
    private nonisolated func loadSealed(_ location: ChunkLocation, extent: Int) async throws -> [UInt8] {
        let backend = self.backend
        let name = location.pack.hex
        if let readAhead,
            let sealed = try? await readAhead.read(pack: location.pack, range: location.range, extent: extent, load: {
                try await backend.load(.pack, name: name, range: $0)
            })
        {
            return sealed
        }
        return try await backend.load(.pack, name: name, range: location.range)
    }

    /// Opens sealed chunk bytes read from `place` and checks them against `id`.
    private nonisolated func open(
        _ id: ChunkID, sealed: [UInt8], type: ChunkType, plaintextLength: Int, in place: String
    ) throws -> [UInt8] {
        let plaintext: [UInt8]
        do {
            plaintext = try sealer.open(sealed, purpose: type.purpose, associatedData: id.bytes)
        } catch let error as ArchiveStoreError where error.code == .corrupted {
            throw ArchiveStoreError(.corrupted, "chunk \(id.short) in \(place) is damaged (authentication failed)")
        }
        guard plaintext.count == plaintextLength, hasher.id(of: plaintext) == id else {
            throw ArchiveStoreError(
                .corrupted, "chunk \(id.short) in \(place) does not match its id: the pack is damaged or was replaced")
        }
        return plaintext
    }

    /// Every indexed location of `id`, packs already found missing last (kept: the file may be back).
    /// Where a chunk can be read from, decided in one actor step: a finished upload moves a chunk from
    /// the unsaved packs into the index, so two separate looks could miss it in both.
    private enum ChunkSource: Sendable {
        case packs([(location: ChunkLocation, extent: Int)])
        case unsaved(sealed: [UInt8], type: ChunkType, plaintextLength: Int)
        case none
    }

    private func chunkSource(_ id: ChunkID) -> ChunkSource {
        let locations = candidateLocations(id)
        if !locations.isEmpty { return .packs(locations.map { ($0, index.extent(of: $0.pack) ?? $0.range.upperBound) }) }
        guard let (sealed, type, plaintextLength) = pendingSealed(id) else { return .none }
        return .unsaved(sealed: sealed, type: type, plaintextLength: plaintextLength)
    }

    private func candidateLocations(_ id: ChunkID) -> [ChunkLocation] {
        let locations = index.locations(of: id)
        guard locations.count > 1, !missingPacks.isEmpty else { return locations }
        return locations.filter { !missingPacks.contains($0.pack) } + locations.filter { missingPacks.contains($0.pack) }
    }

    private func noteMissing(_ pack: PackID) {
        missingPacks.insert(pack)
    }

    /// Whether a chunk is stored (indexed, or pending in this session).
    public func has(_ id: ChunkID) -> Bool {
        index.has(id) || pending[id] != nil
    }

    /// Where a chunk is, if indexed.
    public func location(of id: ChunkID) -> ChunkLocation? { index.lookup(id) }

    /// Finishes the open pack, waits for running uploads, reloads other writers' index files and
    /// writes an index file for every pack saved since the last one. After it returns, every chunk
    /// saved before the call is durable and indexed.
    public func flush() async throws {
        try checkWriteFailure()
        repeat {
            try await rotateAndUpload()
            while inFlight > 0 { await withCheckedContinuation { idleWaiters.append($0) } }
        } while !writer.isEmpty
        try checkWriteFailure()
        try await reloadIndex()
        try await writeIndex()
    }

    // MARK: - Write pipeline (actor-isolated steps)

    private func reserve(_ id: ChunkID) -> Bool {
        if index.has(id) || pending[id] != nil || reserved.contains(id) { return false }
        reserved.insert(id)
        inFlight += 1
        return true
    }

    private func release(_ id: ChunkID) {
        reserved.remove(id)
        finishOperation()
    }

    private func finishOperation() {
        inFlight -= 1
        if inFlight == 0 {
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }

    private func append(id: ChunkID, type: ChunkType, sealed: ArraySlice<UInt8>, plaintextLength: Int) async throws {
        reserved.remove(id)
        do {
            try checkWriteFailure()
            let entry = try writer.append(id: id, type: type, sealed: sealed, plaintextLength: plaintextLength)
            pending[id] = (writerSerial, entry)
            finishOperation()
        } catch {
            finishOperation()
            throw error
        }
        if writer.isFull { try await rotateAndUpload() }
    }

    /// Closes the open pack (if any) and saves it; on success its chunks move to the index.
    private func rotateAndUpload() async throws {
        guard !writer.isEmpty else { return }
        var pack = writer
        let serial = writerSerial
        writer = PackWriter(targetSize: config.packSize, recycling: sparePackBuffers.popLast() ?? [])
        writerSerial += 1
        inFlight += 1
        defer { finishOperation() }
        do {
            // The header is sealed in place (the pack's buffer has one owner here), then the pack is
            // readable from `uploading` while it is hashed and saved off the actor.
            try pack.close(sealer: sealer)
            uploading[serial] = pack
            let packID = try await savePack(pack.data)
            uploading[serial] = nil
            for entry in pack.entries {
                index.add(entry.id, entry.location(in: packID))
                pending[entry.id] = nil
            }
            unindexed.append(IndexFile.Pack(id: packID, entries: pack.entries))
            if unindexedSince == nil { unindexedSince = .now }
        } catch {
            uploading[serial] = nil
            for entry in pack.entries { pending[entry.id] = nil }
            if writeFailure == nil {
                writeFailure = ArchiveStoreError(
                    (error as? ArchiveStoreError)?.code ?? .io,
                    "saving a pack failed, so chunks of this session are missing; nothing more will be written "
                        + "(reopen the repository and retry)", cause: error)
            }
            throw error
        }
        // Saved: the next pack reuses the buffer (already mapped, no page faults) unless enough are spare.
        if sparePackBuffers.count < Self.sparePackBufferLimit { sparePackBuffers.append(pack.takeBuffer()) }
        try await afterPackSaved()
    }

    /// Hashes and saves a complete pack file — off the actor (nonisolated async), so other tasks
    /// keep appending to the next pack meanwhile.
    private nonisolated func savePack(_ bytes: [UInt8]) async throws -> PackID {
        let packID = FileHash.id(of: bytes)
        try await backend.save(.pack, name: packID.hex, bytes: bytes)
        return packID
    }

    private func checkWriteFailure() throws {
        if let writeFailure { throw writeFailure }
    }

    /// The sealed bytes of a chunk still in memory (open or uploading pack), if it is one.
    private func pendingSealed(_ id: ChunkID) -> ([UInt8], ChunkType, Int)? {
        guard let (serial, entry) = pending[id], let pack = serial == writerSerial ? writer : uploading[serial] else {
            return nil
        }
        return (pack.sealedChunk(entry), entry.type, Int(entry.plaintextLength))
    }
}
