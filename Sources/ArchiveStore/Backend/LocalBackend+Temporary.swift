import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Debris of killed writers in `tmp/` (SPEC.md §6 "Temporary files").
extension LocalBackend {
    /// Deletes `tmp/` files last modified more than `age` seconds ago. A live writer's temporary file
    /// exists only while one save writes, fsyncs and renames it, so it is always recent; the age (30
    /// minutes by default, the lock staleness age of SPEC.md §10) is what separates it from debris.
    /// Lock times are not used: a refreshed lock can be younger than its writer's file in flight.
    public func removeStaleTemporaryFiles(olderThan age: Double) async -> Int {
        let directory = root.appendingPathComponent(Self.tmpDirectory).path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        let now = Date()
        var removed = 0
        for name in names {
            let path = directory + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let modified = attributes[.modificationDate] as? Date, now.timeIntervalSince(modified) > age
            else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }
}
