import ArchiveStore

extension VerifyRecord {
    /// The comparable parts of a record from a snapshot.
    public init(archived record: ArchiveRecord) {
        var bins: [String: BinValue] = [:]
        for bin in record.bins { bins[bin.name] = BinValue(particleType: bin.particleType, bytes: bin.value) }
        self.init(
            digest: record.digest, set: record.set,
            key: record.key.map { Key(particleType: $0.particleType, bytes: $0.value) }, bins: bins)
    }
}
