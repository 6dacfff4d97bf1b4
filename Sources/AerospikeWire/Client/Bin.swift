/// A bin: name and value.
public struct Bin: Equatable, Sendable {
    public var name: String
    public var value: Value
    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}
