import Yams

/// Walks a composed YAML document and turns every mistake into a ``ConfigError`` with the node's line.
struct YAMLReader {
    let file: String

    func error(_ node: Node?, _ reason: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line ?? 1, reason: reason)
    }

    /// The document's root, composed with marks; a syntax error keeps libyaml's line.
    func compose(_ text: String) throws -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw error(nil, "the file is empty") }
            return node
        } catch let yaml as YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                throw ConfigError(file: file, line: mark.line, reason: "YAML syntax: \(problem)")
            default: throw error(nil, "YAML syntax: \(yaml)")
            }
        }
    }

    /// A mapping whose keys must all be among `allowed` and include every one of `required`; a missing
    /// field is reported at `name` (the entry's name, when it has one), else at the mapping.
    func mapping(_ node: Node, _ what: String, allowed: Set<String>, required: [String] = [], name: Node? = nil) throws
        -> Fields
    {
        guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping") }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "\(what): keys must be strings") }
            guard allowed.contains(name) else {
                throw error(key, "\(what): unknown key '\(name)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            fields[name] = value
        }
        for field in required where fields[field] == nil {
            throw error(name ?? node, "\(what): missing field '\(field)'")
        }
        return Fields(reader: self, node: name ?? node, what: what, values: fields)
    }

    /// The named entries of a top-level section, in file order.
    func entries(_ node: Node, _ what: String) throws -> [(name: String, key: Node, value: Node)] {
        guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping of names") }
        return try mapping.map { key, value in
            guard let name = key.string, !name.isEmpty else { throw error(key, "\(what): names must be strings") }
            return (name, key, value)
        }
    }

    /// The fields of one mapping, read by type.
    struct Fields {
        let reader: YAMLReader
        let node: Node
        let what: String
        let values: [String: Node]

        subscript(_ key: String) -> Node? { values[key] }

        func string(_ key: String) throws -> String? {
            guard let value = values[key] else { return nil }
            guard let scalar = value.scalar, !scalar.string.isEmpty else {
                throw reader.error(value, "\(what).\(key) must be a non-empty string")
            }
            return scalar.string
        }

        func requiredString(_ key: String) throws -> String {
            guard let value = try string(key) else { throw reader.error(node, "\(what): missing field '\(key)'") }
            return value
        }

        func count(_ key: String) throws -> Int? {
            guard let value = values[key] else { return nil }
            guard let number = value.scalar.flatMap({ Int($0.string) }), number >= 0 else {
                throw reader.error(value, "\(what).\(key) must be a whole number ≥ 0")
            }
            return number
        }

        func strings(_ key: String) throws -> [String]? {
            guard let value = values[key] else { return nil }
            guard let sequence = value.sequence else { throw reader.error(value, "\(what).\(key) must be a list") }
            return try sequence.map { item in
                guard let text = item.scalar?.string, !text.isEmpty else {
                    throw reader.error(item, "\(what).\(key) items must be non-empty strings")
                }
                return text
            }
        }
    }
}
