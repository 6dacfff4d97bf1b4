import ArchiveStore

/// Compares two digest-sorted record streams of one partition side by side (pure; no I/O).
///
/// The snapshot side comes from the merged layer stack, the cluster side from a partition scan sorted
/// ascending by digest. A digest only on the snapshot side is *missing* from the cluster, one only on the
/// cluster side is *extra*, one on both whose set, user key (when both store it) or bins differ is
/// *changed*. Counts go into a ``VerifyTally``, which keeps the first examples of each kind.
public enum VerifyComparator {
    /// Walks both sequences once. Both must be sorted ascending by digest bytes (lexicographic); an
    /// out-of-order input throws ``AeroVaultError`` `.invalidArgument` rather than giving wrong counts.
    public static func compare<S: Sequence, C: Sequence>(
        snapshot: S, cluster: C, into tally: inout VerifyTally
    ) throws where S.Element == VerifyRecord, C.Element == VerifyRecord {
        var snapIt = OrderedIterator(snapshot.makeIterator(), side: "snapshot")
        var clusterIt = OrderedIterator(cluster.makeIterator(), side: "cluster")
        var a = try snapIt.next()
        var b = try clusterIt.next()
        while a != nil || b != nil {
            switch (a, b) {
            case let (s?, c?):
                if s.digest == c.digest {
                    tally.compared += 1
                    if let difference = difference(snapshot: s, cluster: c) {
                        tally.note(.changed, s, detail: difference)
                    } else {
                        tally.identical += 1
                    }
                    a = try snapIt.next()
                    b = try clusterIt.next()
                } else if s.digest.lexicographicallyPrecedes(c.digest) {
                    tally.note(.missing, s, detail: "in the snapshot, not in the cluster")
                    a = try snapIt.next()
                } else {
                    tally.note(.extra, c, detail: "in the cluster, not in the snapshot")
                    b = try clusterIt.next()
                }
            case let (s?, nil):
                tally.note(.missing, s, detail: "in the snapshot, not in the cluster")
                a = try snapIt.next()
            case let (nil, c?):
                tally.note(.extra, c, detail: "in the cluster, not in the snapshot")
                b = try clusterIt.next()
            case (nil, nil):
                break
            }
        }
    }

    /// Describes the first difference between two records with the same digest, or nil if they match.
    public static func difference(snapshot s: VerifyRecord, cluster c: VerifyRecord) -> String? {
        if s.setName != c.setName {
            return "set '\(s.setName)' in the snapshot, '\(c.setName)' in the cluster"
        }
        if let sk = s.key, let ck = c.key, sk != ck {
            return "user key differs"
        }
        if s.bins == c.bins { return nil }
        let names = Set(s.bins.keys).union(c.bins.keys).sorted()
        for name in names {
            switch (s.bins[name], c.bins[name]) {
            case (nil, _?): return "bin '\(name)' only in the cluster"
            case (_?, nil): return "bin '\(name)' only in the snapshot"
            case let (sv?, cv?) where sv.particleType != cv.particleType:
                return "bin '\(name)' has particle type \(sv.particleType) in the snapshot, \(cv.particleType) in the cluster"
            case let (sv?, cv?) where sv.bytes != cv.bytes:
                return "bin '\(name)' value differs (\(sv.bytes.count) vs \(cv.bytes.count) bytes)"
            default: continue
            }
        }
        return nil
    }
}

/// Wraps an iterator and checks that digests strictly increase.
private struct OrderedIterator<I: IteratorProtocol> where I.Element == VerifyRecord {
    private var base: I
    private let side: String
    private var last: [UInt8]?

    init(_ base: I, side: String) {
        self.base = base
        self.side = side
    }

    mutating func next() throws -> VerifyRecord? {
        guard let r = base.next() else { return nil }
        if let last, !last.lexicographicallyPrecedes(r.digest) {
            throw AeroVaultError(
                .invalidArgument,
                "\(side) records are not in ascending digest order at \(HexCoding.encode(r.digest))")
        }
        last = r.digest
        return r
    }
}
