/// `aerovault check` (SPEC.md §14 "check"): verifies the repository's structure and, optionally,
/// its data, and reports every problem with the file and chunk it concerns.
///
/// Structure: every index file decrypts; every pack an index names exists, its header decrypts and
/// lists exactly the entries the index claims; every snapshot loads and every chunk its tree
/// reaches is indexed (see ``ReferenceWalker``). Data (`readData`): each selected pack hashes to
/// its name and each of its chunks decrypts and hashes to its id. Read-only; takes no lock itself
/// (the CLI holds a shared one).
public struct Checker: Sendable {
    public let repository: Repository
    public let expanders: MetadataExpanders

    public init(repository: Repository, expanders: MetadataExpanders = .none) {
        self.repository = repository
        self.expanders = expanders
    }

    /// Runs the check.
    /// - Throws: only transport errors (`.io`) and cancellation; damage is reported in the result.
    public func run(_ options: CheckOptions = CheckOptions()) async throws -> CheckReport {
        var report = CheckReport()
        let inventory = try await IndexInventory.load(repository)
        report.indexFiles = inventory.indexFiles.count
        report.packs = inventory.packFiles.count
        for (name, message) in inventory.damagedIndexFiles {
            report.problems.append(CheckProblem(kind: .indexFile, file: FileKind.index.path(of: name), message: message))
        }
        for name in inventory.strayPackFiles {
            report.problems.append(CheckProblem(
                kind: .pack, file: FileKind.pack.path(of: name), message: "\(FileKind.pack.path(of: name)) is not named by a pack id"))
        }
        let headers = try await checkPacks(inventory, into: &report)
        try await checkKeys(into: &report)
        try await checkSnapshots(into: &report)
        try await readData(options.readData, inventory: inventory, headers: headers, into: &report)
        return report
    }

    /// Index ↔ pack header consistency. Returns the headers that loaded, for reading data.
    private func checkPacks(_ inventory: IndexInventory, into report: inout CheckReport) async throws -> [PackID: [PackEntry]] {
        for pack in inventory.missingPacks {
            let named = inventory.packs[pack]?.indexFiles.map { FileKind.index.path(of: $0) }.joined(separator: ", ") ?? ""
            report.problems.append(CheckProblem(
                kind: .pack, file: FileKind.pack.path(of: pack.hex),
                message: "\(FileKind.pack.path(of: pack.hex)) is missing (named by \(named)); if every chunk it held "
                    + "is in another pack, `aerovault repair index` rebuilds the index without it"))
        }
        for pack in inventory.unindexedPackFiles {
            report.hints.append("\(FileKind.pack.path(of: pack.hex)) is not named by any index file (left by an "
                + "interrupted write; `aerovault prune` removes it)")
        }
        var headers: [PackID: [PackEntry]] = [:]
        for pack in inventory.packFiles.keys.sorted() {
            let path = FileKind.pack.path(of: pack.hex)
            let header: [PackEntry]
            do {
                header = try await repository.loadPackHeader(pack)
            } catch let error as ArchiveStoreError where error.code != .io {
                report.problems.append(CheckProblem(kind: .pack, file: path, message: error.message))
                continue
            }
            headers[pack] = header
            guard let record = inventory.packs[pack] else { continue }
            if record.inconsistent {
                report.problems.append(CheckProblem(
                    kind: .indexFile, file: path, message: "index files disagree about the contents of \(path)"))
            }
            let inHeader = Set(header)
            for entry in record.entries where !inHeader.contains(entry) {
                report.problems.append(CheckProblem(
                    kind: .pack, file: path, chunk: entry.id,
                    message: "\(path) does not hold chunk \(entry.id.short) at offset \(entry.offset) as the index says"))
            }
        }
        return headers
    }

    /// Every key file is intact: named by the hash of its bytes, with a valid structure and checksum
    /// (SPEC.md §3), so a key file changed after it was written is reported.
    private func checkKeys(into report: inout CheckReport) async throws {
        for file in try await repository.backend.list(.key) {
            let path = FileKind.key.path(of: file.name)
            do {
                let bytes = try await repository.backend.load(.key, name: file.name)
                try SealedFile.verifyName(bytes, kind: .key, name: file.name)
                _ = try KeyFile.inspect(bytes)
            } catch let error as ArchiveStoreError where error.code != .io {
                report.problems.append(CheckProblem(kind: .key, file: path, message: "\(path): \(error.message)"))
            }
        }
    }

    private func checkSnapshots(into report: inout CheckReport) async throws {
        var walker = ReferenceWalker(repository: repository, expanders: expanders)
        for file in try await repository.backend.list(.snapshot).sorted(by: { $0.name < $1.name }) {
            let path = FileKind.snapshot.path(of: file.name)
            guard let id = ID32(hex: file.name), id.hex == file.name else {
                report.problems.append(CheckProblem(kind: .snapshot, file: path, message: "\(path) is not named by an id"))
                continue
            }
            report.snapshots += 1
            do {
                let snapshot = try await repository.loadSnapshot(id)
                try await walker.visit(snapshot, id: id)
            } catch let error as ArchiveStoreError where error.code != .io {
                report.problems.append(CheckProblem(kind: .snapshot, file: path, message: error.message))
            }
        }
        report.layers = walker.layerCount
        report.referencedChunks = walker.live.count
        for problem in walker.problems {
            report.problems.append(CheckProblem(
                kind: .chunk, file: FileKind.snapshot.path(of: problem.snapshot.hex), chunk: problem.chunk,
                message: problem.description))
        }
    }

    private func readData(
        _ mode: CheckOptions.ReadData, inventory: IndexInventory, headers: [PackID: [PackEntry]],
        into report: inout CheckReport
    ) async throws {
        let selected: [PackID]
        switch mode {
        case .none: return
        case .all: selected = inventory.packFiles.keys.sorted()
        case .subset(let subset): selected = inventory.packFiles.keys.filter(subset.contains).sorted()
        }
        for pack in selected {
            try Task.checkCancellation()
            let path = FileKind.pack.path(of: pack.hex)
            let bytes: [UInt8]
            do {
                bytes = try await repository.backend.load(.pack, name: pack.hex)
            } catch let error as ArchiveStoreError where error.code == .notFound {
                report.problems.append(CheckProblem(kind: .pack, file: path, message: error.message))
                continue
            }
            report.packsRead += 1
            if FileHash.id(of: bytes) != pack {
                report.problems.append(CheckProblem(
                    kind: .pack, file: path,
                    message: "\(path) does not match its name (\(bytes.count) bytes): the file is damaged or was replaced"))
            }
            let entries = headers[pack] ?? inventory.packs[pack]?.entries ?? []
            for entry in entries {
                report.chunksRead += 1
                if let problem = repository.verifySealedChunk(entry, in: bytes, pack: pack) {
                    report.problems.append(problem)
                }
            }
        }
    }
}

extension Repository {
    /// Decrypts one chunk of a pack held in memory and checks it hashes to its id; nil when good.
    nonisolated func verifySealedChunk(_ entry: PackEntry, in pack: [UInt8], pack id: PackID) -> CheckProblem? {
        let path = FileKind.pack.path(of: id.hex)
        func problem(_ why: String) -> CheckProblem {
            CheckProblem(kind: .chunk, file: path, chunk: entry.id, message: "chunk \(entry.id.hex) in \(path) \(why)")
        }
        guard entry.range.upperBound <= pack.count else { return problem("lies past the end of the pack") }
        let sealed = Array(pack[entry.range])
        guard let plaintext = try? sealer.open(sealed, purpose: entry.type.purpose, associatedData: entry.id.bytes) else {
            return problem("is damaged (authentication failed)")
        }
        guard plaintext.count == Int(entry.plaintextLength), hasher.id(of: plaintext) == entry.id else {
            return problem("does not hash to its id")
        }
        return nil
    }
}
