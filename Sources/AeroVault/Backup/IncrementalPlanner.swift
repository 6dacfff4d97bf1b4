/// Decides, for one partition of an incremental backup, which digests become tombstones and whether
/// the parent's layers can be reused unchanged. Pure: no I/O, so every rule below is unit-tested.
///
/// Inputs are digests sorted strictly ascending: the parent's digest list (every digest the parent
/// snapshot may hold for the partition), the digests of the changed-record scan, and the live digests
/// from the digest-only scan that ran after it. The rules (SPEC.md §14 "backup"):
/// - deleted = (parent ∪ changed) − live. A deleted digest that the parent may hold becomes a
///   tombstone; a changed record that is no longer live is dropped (and is a tombstone if the parent
///   may hold it), because the digest scan ran later.
/// - no changed records and no tombstones → reuse the parent's stack and digest list.
/// - otherwise the new digest list is `live`.
enum IncrementalPlanner {
    /// The plan for one partition.
    struct Plan: Equatable {
        /// Digests to write as tombstones, ascending.
        var tombstones: [[UInt8]]
        /// Changed digests whose records must not be written (not live any more), ascending.
        var droppedChanged: [[UInt8]]
        /// True when the parent's layer stack and digest list are reused unchanged.
        var reuseParent: Bool
        /// True when the live digest set differs from the parent's digest list.
        var digestListChanged: Bool
    }

    /// Computes the plan. All three inputs must be strictly ascending.
    static func plan(parentDigests: [[UInt8]], changedDigests: [[UInt8]], liveDigests: [[UInt8]]) -> Plan {
        let deletedFromParent = difference(parentDigests, minus: liveDigests)
        let droppedChanged = difference(changedDigests, minus: liveDigests)
        let tombstones = union(deletedFromParent, intersection(droppedChanged, parentDigests))
        let listChanged = parentDigests != liveDigests
        let reuse = changedDigests.isEmpty && tombstones.isEmpty
        return Plan(
            tombstones: tombstones, droppedChanged: droppedChanged, reuseParent: reuse,
            digestListChanged: listChanged)
    }

    /// What happens to the layer stack when a partition gets a new layer.
    enum StackAction: Equatable {
        /// Push the new layer on top of the parent's stack.
        case append
        /// The stack would exceed the threshold: merge all layers into one fresh layer.
        case compact
    }

    /// `append` while the new stack depth (parent depth + 1) stays within `threshold`, else `compact`.
    static func stackAction(parentDepth: Int, compactionThreshold: Int) -> StackAction {
        parentDepth + 1 > max(1, compactionThreshold) ? .compact : .append
    }

    // MARK: sorted-set helpers (inputs strictly ascending)

    static func difference(_ a: [[UInt8]], minus b: [[UInt8]]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var j = 0
        for x in a {
            while j < b.count, DigestOrder.less(b[j], x) { j += 1 }
            if j < b.count, b[j] == x { continue }
            out.append(x)
        }
        return out
    }

    static func intersection(_ a: [[UInt8]], _ b: [[UInt8]]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var j = 0
        for x in a {
            while j < b.count, DigestOrder.less(b[j], x) { j += 1 }
            if j < b.count, b[j] == x { out.append(x) }
        }
        return out
    }

    static func union(_ a: [[UInt8]], _ b: [[UInt8]]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && DigestOrder.less(a[i], b[j])) {
                out.append(a[i])
                i += 1
            } else if i >= a.count || DigestOrder.less(b[j], a[i]) {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
                j += 1
            }
        }
        return out
    }
}
