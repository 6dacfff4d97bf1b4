import ArchiveStoreTestSupport
import Testing

@testable import AerospikeWire

/// ``AsMessageView``'s fast checks (one bounds check per op, ASCII-first bin names) keep the errors
/// and the accepted inputs of a plain reader.
@Suite struct AsMessageViewTests {
    /// A body of one message with `ops`, its op bytes patched by `patch` (offsets from the first op).
    static func body(_ ops: [Operation], fields: [Field] = [], patch: (inout [UInt8], Int) -> Void = { _, _ in }) -> [UInt8] {
        var body: [UInt8] = []
        AsMessage(fields: fields, operations: ops).encode(into: &body)
        let opsStart = 22 + fields.reduce(0) { $0 + 5 + $1.data.count }
        patch(&body, opsStart)
        return body
    }

    static func error(_ body: [UInt8]) -> String? {
        var offset = 0
        do {
            _ = try AsMessageView.parse(body, at: &offset)
            return nil
        } catch let error as WireError {
            #expect(error.code == .malformed)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func badOpsAndFieldsThrowTheirMessages() {
        let one = [Operation.write("bin", .integer(1))]
        #expect(Self.error(Self.body(one) { b, o in b[o + 3] = 3 }) == "op size 3 < 4")
        #expect(Self.error(Self.body(one) { b, o in b[o + 3] = 200 }) == "truncated op body: need 200 bytes, have 15")
        #expect(Self.error(Self.body(one) { b, o in b[o + 7] = 12 }) == "op name length 12 exceeds op")
        #expect(Self.error(Self.body(one) { b, o in b[o + 9] = 0xFF }) == "bin name is not UTF-8")
        #expect(Self.error(Array(Self.body(one).dropLast(17))) == "AS_MSG claims 0 fields and 1 ops in 2 bytes")
        #expect(Self.error(Array(Self.body([]).prefix(21))) == "truncated msg header: need 22 bytes, have 21")
        #expect(Self.error([23] + [UInt8](repeating: 0, count: 21)) == "AS_MSG header size 23, expected 22")
        #expect(Self.error([]) == "truncated msg header size: need 1 bytes, have 0")
        let ns = [Field.string(.namespace, "test")]
        #expect(Self.error(Self.body([], fields: ns) { b, _ in b[22 + 3] = 0 }) == "field size 0")
        #expect(Self.error(Self.body([], fields: ns) { b, _ in b[22 + 3] = 9 }) == "truncated field NAMESPACE data: need 8 bytes, have 4")
    }

    @Test func binNamesAreCheckedForUTF8AtEveryLengthAndPosition() throws {
        for length in 0...15 {
            let ascii = String(repeating: "b", count: length)
            var offset = 0
            let view = try AsMessageView.parse(Self.body([.write(ascii, .integer(1)), .write("é" + ascii, .blob([]))]), at: &offset)
            #expect(view.operationCount == 2)
            for position in 0..<length {
                let bad = Self.body([.write(ascii, .integer(1))]) { b, o in b[o + 8 + position] = 0xC3 }
                #expect(Self.error(bad) == "bin name is not UTF-8", "length \(length) position \(position)")
            }
        }
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var rng = SeededGenerator(seed: 0x0708)
        let pieces: [[UInt8]] = [[0x61], [0x7F], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0x80], [0xC3], [0xFF], [0xED, 0xA0, 0x80]]
        for _ in 0..<3000 {
            var bytes: [UInt8] = [0x20]
            for _ in 0..<Int.random(in: 0..<12, using: &rng) { bytes += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            bytes += [0x20]
            let range = 1..<(bytes.count - 1)
            #expect(UTF8Check.isValid(bytes, range) == (String(validating: bytes[range], as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func messageInBodyEqualsDecode() throws {
        let body = Self.body(
            [.write("a", .integer(1)), .write("námé", .string("x"))],
            fields: [.string(.namespace, "test"), .string(.setName, "s"), .string(.namespace, "second")])
        var offset = 0
        let view = try AsMessageView.parse(body, at: &offset)
        #expect(view.message(in: body) == (try AsMessage.decodeSingle(body)))
        #expect(view.namespaceRange.map { Array(body[$0]) } == Array("test".utf8), "the first NAMESPACE field")
        #expect(view.message(in: body).fields.count == 3)
    }
}
