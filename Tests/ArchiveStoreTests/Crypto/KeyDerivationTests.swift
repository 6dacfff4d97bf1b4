import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct KeyDerivationTests {
    /// libsodium's test/default/pwhash_argon2id.c vector 6 (expected output from pwhash_argon2id.exp),
    /// cross-checked with an independent Argon2id implementation.
    @Test func argon2idKnownAnswer() throws {
        let password = HexCoding.decode("b540beb016a5366524d4605156493f9874514a5aa58818cd0c6dfffaa9e90205f17b")!
        let salt = HexCoding.decode("44071f6d181561670bda728d43fb79b4")!
        let expected =
            "7fb72409b0987f8190c3729710e98c3f80c5a8727d425fdcde7f3644d467fe973f5b5fee683bd3fce812cb9ae5e9921a"
            + "2d06c2f1905e4e839692f2b934b682f11a2fe2b90482ea5dd234863516dba6f52dc0702d324ec77d860c2e181f8447"
            + "2bd7104fedce071ffa93c5309494ad51623d214447a7b2b1462dc7d5d55a1f6fd5b54ce024118d86f0c6489d16545a"
            + "aa87b6689dad9f2fb47fda9894f8e12b87d978b483ccd4cc5fd9595cdc7a818452f915ce2f7df95ec12b1c72e3788d"
            + "473441d884f9748eb14703c21b45d82fd667b85f5b2d98c13303b3fe76285531a826b6fc0fe8e3dddecf"
        let params = KDFParameters(opsLimit: 1, memLimitBytes: 1_631_659)
        let key = try params.deriveKey(password: password, salt: salt, outputLength: 231)
        #expect(HexCoding.encode(key.copiedBytes) == expected)
    }

    @Test func parameterValidation() {
        #expect(throws: Never.self) { try KDFParameters.default.validate() }
        #expect(throws: Never.self) { try KDFParameters.insecureFastForTesting.validate() }
        #expect(throws: ArchiveStoreError.self) { try KDFParameters(opsLimit: 0, memLimitBytes: 1 << 20).validate() }
        #expect(throws: ArchiveStoreError.self) { try KDFParameters(opsLimit: 1, memLimitBytes: 1024).validate() }
        #expect(throws: ArchiveStoreError.self) { try KDFParameters(opsLimit: 1, memLimitBytes: 1 << 40).validate() }
    }

    @Test func subkeysAreDistinctAndDeterministic() {
        let keys = TestKeys.keySet()
        let all = [keys.chunkIDKey, keys.dataKey!, keys.metadataKey, keys.chunkerKey, keys.secretKey!].map(\.copiedBytes)
        #expect(Set(all + [keys.publicKey]).count == 6)
        #expect(all.allSatisfy { $0.count == 32 } && keys.publicKey.count == 32)
        let again = TestKeys.keySet()
        #expect(again.dataKey?.copiedBytes == keys.dataKey?.copiedBytes)
        #expect(again.publicKey == keys.publicKey && again.secretKey?.copiedBytes == keys.secretKey?.copiedBytes)
        #expect(TestKeys.keySet(9).dataKey?.copiedBytes != keys.dataKey?.copiedBytes)
        #expect(TestKeys.keySet(9).publicKey != keys.publicKey)
    }

    @Test func generatedMasterKeysDiffer() {
        let a = MasterKey.generate(), b = MasterKey.generate()
        #expect(a.secret.copiedBytes != b.secret.copiedBytes)
        #expect(a.secret.count == 32)
    }
}
