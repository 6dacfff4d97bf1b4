/// Particle (value) type byte (SPEC.md §12.2 "Particle types").
public struct ParticleType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let null = ParticleType(rawValue: 0)
    public static let integer = ParticleType(rawValue: 1)
    public static let double = ParticleType(rawValue: 2)
    public static let string = ParticleType(rawValue: 3)
    public static let blob = ParticleType(rawValue: 4)
    public static let javaBlob = ParticleType(rawValue: 7)
    public static let csharpBlob = ParticleType(rawValue: 8)
    public static let pythonBlob = ParticleType(rawValue: 9)
    public static let rubyBlob = ParticleType(rawValue: 10)
    public static let phpBlob = ParticleType(rawValue: 11)
    public static let erlangBlob = ParticleType(rawValue: 12)
    public static let vector = ParticleType(rawValue: 16)
    public static let bool = ParticleType(rawValue: 17)
    public static let hll = ParticleType(rawValue: 18)
    public static let map = ParticleType(rawValue: 19)
    public static let list = ParticleType(rawValue: 20)
    public static let geoJSON = ParticleType(rawValue: 23)

    private static let names: [UInt8: String] = [
        0: "NULL", 1: "INTEGER", 2: "DOUBLE", 3: "STRING", 4: "BLOB", 7: "JAVA_BLOB", 8: "CSHARP_BLOB",
        9: "PYTHON_BLOB", 10: "RUBY_BLOB", 11: "PHP_BLOB", 12: "ERLANG_BLOB", 16: "VECTOR", 17: "BOOL",
        18: "HLL", 19: "MAP", 20: "LIST", 23: "GEOJSON",
    ]

    /// Protocol name of the particle type.
    public var name: String { Self.names[rawValue] ?? "PARTICLE_\(rawValue)" }
    public var description: String { name }
}
