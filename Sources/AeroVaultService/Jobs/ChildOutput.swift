import Foundation

/// Reads the JSON lines an `aerovault … --json` child prints (SPEC.md §14 "backup", "Output").
enum ChildOutput {
    /// The last line that is a JSON object with `message_type` equal to `type`.
    static func lastObject(in text: String, type: String) -> [String: Any]? {
        for line in text.split(separator: "\n").reversed() {
            guard let object = object(in: String(line)), object["message_type"] as? String == type else { continue }
            return object
        }
        return nil
    }

    static func object(in text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func array(in text: String) -> [Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any]
    }

    static func progress(_ status: [String: Any]) -> Job.Progress {
        Job.Progress(
            done: status["done"] as? Int ?? 0, total: status["total"] as? Int ?? 0, records: status["records"] as? Int ?? 0,
            bytes: status["bytes"] as? Int ?? 0)
    }
}
