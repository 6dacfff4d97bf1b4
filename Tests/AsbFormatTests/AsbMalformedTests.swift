import ArchiveStore
import Foundation
import Testing

@testable import AsbFormat

/// Malformed files (SPEC.md §18.5): each is rejected with an ``AsbError`` naming the file and the line
/// where reading stopped — never a trap, never an allocation sized by an unchecked length.
@Suite struct AsbMalformedTests {
    static let header = "Version 3.1\n# namespace test\n"
    static let digest = "+ d AAECAwQFBgcICQoLDA0ODxAREhM=\n"
    static func record(bins: String, count: Int = 1) -> String {
        "+ n test\n" + digest + "+ g 1\n+ t 0\n+ b \(count)\n" + bins
    }

    /// Reads everything; returns the error it stops with.
    static func failure(_ text: String) -> AsbError? {
        failure(Array(text.utf8))
    }

    static func failure(_ bytes: [UInt8]) -> AsbError? {
        let reader = AsbReader(bytes: bytes, file: "bad.asb")
        do {
            while try reader.next() != nil {}
            return nil
        } catch {
            return error as? AsbError
        }
    }

    @Test(arguments: [
        ("Version 4.0\n", 1, "not an asbackup file"),
        ("", 1, "not an asbackup file"),
        ("Version 3.1", 1, "not an asbackup file"),
        ("Version 3.1 and more text\n", 1, "not an asbackup file"),
        ("Version 3.1\n# colour blue\n", 2, "unknown metadata line"),
        (header + "? x\n", 3, "must start with '+'"),
        (header + "+ n test\n+ g 1\n", 4, "'+ d'"),
        (header + "+ n test\n+ d AAEC\n", 4, "3 bytes, not 20"),
        (header + "+ n test\n+ d !!!!\n", 4, "not valid base64"),
        (header + "+ n test\n" + digest + "+ g 70000\n", 5, "outside 0…65535"),
        (header + "+ n test\n" + digest + "+ g 1\n+ t -1\n", 6, "outside"),
        (header + "+ n test\n" + digest + "+ g 1\n+ t 0\n+ b x\n", 7, "not a 64-bit integer"),
        (header + "+ k Q 1\n", 3, "unknown key type"),
        (header + "+ k I 99999999999999999999\n", 3, "not a 64-bit integer"),
        (header + record(bins: "- I n 12a\n"), 8, "not a 64-bit integer"),
        (header + record(bins: "- D n 0x1p3\n"), 8, "not a decimal number"),
        (header + record(bins: "- Z n yes\n"), 8, "T or F"),
        (header + record(bins: "- Q n 1\n"), 8, "unknown type"),
        (header + record(bins: "- U n 1\n"), 8, "LDT"),
        (header + record(bins: "- S n 10 short\n"), 8, "ends inside bin 'n' of 10 bytes"),
        (header + record(bins: "- S n 999999999999 x\n"), 8, "outside"),
        (header + record(bins: "- B n 5 AAAAA\n"), 8, "not a multiple of 4"),
        (header + record(bins: "- B n 4 A===\n"), 8, "not valid base64"),
        (header + record(bins: "- I n 1 extra\n"), 8, "not a 64-bit integer"),
        (header + record(bins: "- S n 2 abX\n"), 8, "expected a line break in bin 'n'"),
        (header + record(bins: "- I a 1\n", count: 2), 9, "expected '-' in a bin line, found the end of the file"),
        (header + "* x\n", 3, "unknown '*' line type"),
        (header + "* i test demo idx Q 1 bin N\n", 3, "unknown index type"),
        (header + "* i test demo idx N 0 bin N\n", 3, "outside 1…64"),
        (header + "* i test demo idx N 1 bin Z\n", 3, "unknown path type"),
        (header + "* u L f.lua 100 short\n", 3, "ends inside UDF f.lua"),
        (header + "* u J f.lua 1 x\n", 3, "unknown UDF type"),
        ("Version 3.0\n* u L f.lua 1 x\n", 2, "must start with '+'"),
    ] as [(String, Int, String)])
    func rejectedWithFileAndLine(input: String, line: Int, message: String) throws {
        let error = try #require(Self.failure(input), "accepted: \(input.debugDescription)")
        #expect(error.file == "bad.asb")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix("bad.asb:\(line): "))
    }

    /// A value's length field larger than the file is reported, not allocated (SPEC.md §18.5).
    @Test func hugeLengthsAreNotAllocated() throws {
        let error = try #require(Self.failure(Self.header + Self.record(bins: "- B n 134217728 AAAA\n")))
        #expect(error.message.contains("ends inside bin 'n' of 134217728 bytes"), "\(error)")
    }

    /// Line numbers count the line breaks inside values, so they match the file as an editor shows it.
    @Test func lineNumbersCountBreaksInsideValues() throws {
        let text = Self.header + Self.record(bins: "- S a 5 x\ny\nz\n- I b 1\n", count: 2) + "+ n test\n+ d A\n"
        let error = try #require(Self.failure(text))
        #expect(error.line == 13, "\(error)")
    }

    /// Truncating a valid file anywhere yields an error (or, at an entry boundary, fewer entries):
    /// never a crash.
    @Test func everyTruncationOfTheCorpusIsHandled() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: AsbCorpusTests.path)))
        for length in stride(from: 0, to: bytes.count, by: 7) {
            if let error = Self.failure(Array(bytes[..<length])) {
                #expect(error.line >= 1 && error.file == "bad.asb")
            }
        }
    }
}
