import ArchiveStore

/// The saved parts of many-worker runs (SPEC.md §17.7), read from `parts/`.
struct RunParts {
    /// One readable part and its file name (its id).
    struct Entry {
        let name: String
        let part: RunPart
    }

    let runID: String
    /// Every readable part of the run, by file name.
    let all: [Entry]

    /// Every readable part grouped by run, and the parts that cannot be read (file, reason).
    static func loadAll(from repository: any BackupRepository) async throws -> (runs: [String: RunParts], unreadable: [(String, String)]) {
        var byRun: [String: [Entry]] = [:]
        var unreadable: [(String, String)] = []
        for name in try await repository.listRunParts() {
            do {
                let part = try RunPart.decode(try await repository.loadRunPart(name), name: name)
                byRun[part.run, default: []].append(Entry(name: name, part: part))
            } catch let error as ArchiveStoreError where error.code == .notFound {
                continue  // removed by an assembler since the listing
            } catch let error as ArchiveStoreError where error.code != .io {
                unreadable.append((FileKind.runPart.path(of: name), error.message))
            } catch let error as AeroVaultError {
                unreadable.append((FileKind.runPart.path(of: name), error.message))
            }
        }
        let runs = Dictionary(uniqueKeysWithValues: byRun.map { ($0.key, RunParts(runID: $0.key, all: $0.value)) })
        return (runs, unreadable)
    }

    /// The readable parts of `runID` (none when it has none).
    static func load(_ runID: String, from repository: any BackupRepository) async throws -> RunParts {
        try await loadAll(from: repository).runs[runID] ?? RunParts(runID: runID, all: [])
    }

    /// One part per worker: of duplicates (a worker run twice at once), the one with the smallest id.
    var byWorker: [Int: Entry] {
        var out: [Int: Entry] = [:]
        for entry in all.sorted(by: { $0.name < $1.name }) where out[entry.part.worker] == nil {
            out[entry.part.worker] = entry
        }
        return out
    }

    /// N, as the run's parts give it (nil without parts).
    var workers: Int? { all.first?.part.workers }

    /// Workers 1…N that have saved no part.
    var missing: [Int] {
        guard let workers else { return [] }
        let present = byWorker
        return (1...workers).filter { present[$0] == nil }
    }

    /// The time of the newest part (host clocks, ns since the Unix epoch).
    var newest: UInt64 { all.map(\.part.time).max() ?? 0 }

    /// Refuses parts that disagree on the run's arguments or are of another namespace (SPEC.md §17.7).
    /// - Parameter namespace: the namespace the caller expects; nil takes the parts' own.
    func checkConsistent(namespace: String?) throws {
        guard let first = all.first else { return }
        guard first.part.namespace == namespace ?? first.part.namespace else {
            throw AeroVaultError(
                .invalidArgument, "run '\(runID)' backs up namespace '\(first.part.namespace)', not '\(namespace ?? "")'")
        }
        for entry in all.dropFirst() {
            let differences = entry.part.differences(from: first.part)
            guard differences.isEmpty else {
                throw AeroVaultError(
                    .invalidArgument,
                    "the parts of run '\(runID)' disagree: worker \(entry.part.worker)'s part "
                        + "(\(FileKind.runPart.path(of: entry.name))) has \(differences.joined(separator: ", ")); "
                        + "every worker of a run needs the same arguments")
            }
        }
    }
}
