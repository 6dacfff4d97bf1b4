extension Repository {
    /// Throws `.refused` in an append-only repository (SPEC.md §6 "Append-only repositories"), where
    /// only `forget` and `prune`, run with an admin key, remove or replace files; `action` names what
    /// was refused.
    public nonisolated func requireNotAppendOnly(_ action: String) throws {
        guard config.isAppendOnly else { return }
        throw ArchiveStoreError(
            .refused,
            "the repository is append-only: \(action) is refused, because only forget and prune (with an admin "
                + "key) remove or replace files in it")
    }
}
