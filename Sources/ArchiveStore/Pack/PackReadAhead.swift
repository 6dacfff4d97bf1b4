/// Read-ahead for backends where a request costs far more than its bytes (an object store): reading
/// one chunk of a pack fetches the `size`-aligned window of the pack around it, so the chunks stored
/// near it (the rest of the partition, the next partitions) come from memory (SPEC.md §7 "Reading a
/// chunk"). Safe because every chunk is still opened and verified on its own.
///
/// Readers that need a window already being fetched wait for that fetch instead of issuing their own.
/// At most `capacity` bytes of windows are kept, least recently used dropped first.
actor PackReadAhead {
    private struct Window {
        var pack: PackID
        var range: Range<Int>
        var bytes: Task<[UInt8], any Error>
        var lastUse: UInt64
    }

    /// Bytes fetched per window (at least the chunk asked for).
    let size: Int
    /// Bytes of windows kept at most.
    let capacity: Int
    private var windows: [Window] = []
    private var clock: UInt64 = 0

    init(size: Int, capacity: Int) {
        self.size = size
        self.capacity = capacity
    }

    /// The sealed bytes at `range` of `pack`, from a window that `load` fetches from the backend.
    /// `extent`: where the pack's last indexed chunk ends (a window never reads past it).
    /// A window that fails to load is forgotten and its error thrown: the caller falls back to a
    /// ranged read of the chunk alone (a truncated pack may still hold this chunk intact).
    func read(
        pack: PackID, range: Range<Int>, extent: Int,
        load: @escaping @Sendable (Range<Int>) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        clock += 1
        let task: Task<[UInt8], any Error>
        let window: Range<Int>
        if let i = windows.firstIndex(where: { $0.pack == pack && $0.range.covers(range) }) {
            windows[i].lastUse = clock
            task = windows[i].bytes
            window = windows[i].range
        } else {
            // Aligned to multiples of `size`, so readers arriving in any order share windows.
            let start = range.lowerBound / size * size
            window = start..<max(range.upperBound, min(start + size, extent))
            task = Task { try await load(window) }
            windows.append(Window(pack: pack, range: window, bytes: task, lastUse: clock))
            evict()
        }
        do {
            let bytes = try await task.value
            guard bytes.count == window.count else {
                throw ArchiveStoreError(.corrupted, "read \(bytes.count) bytes of a \(window.count)-byte window")
            }
            let start = range.lowerBound - window.lowerBound
            return Array(bytes[start..<start + range.count])
        } catch {
            windows.removeAll { $0.pack == pack && $0.range == window }
            throw error
        }
    }

    /// Drops least recently used windows until the kept ones fit in `capacity` (the newest always stays).
    private func evict() {
        var total = windows.reduce(0) { $0 + $1.range.count }
        while total > capacity, windows.count > 1,
            let oldest = windows.indices.min(by: { windows[$0].lastUse < windows[$1].lastUse })
        {
            total -= windows[oldest].range.count
            windows.remove(at: oldest)
        }
    }
}

extension Range where Bound == Int {
    fileprivate func covers(_ other: Range<Int>) -> Bool {
        lowerBound <= other.lowerBound && other.upperBound <= upperBound
    }
}
