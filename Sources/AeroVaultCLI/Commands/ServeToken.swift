import AeroVaultService
import ArgumentParser
import Foundation

/// The API token of `aerovault serve`: the first line of `--token-file`, else the one in
/// `STATE-DIR/token`, made (32 random bytes, hex, mode 0600) on first start.
enum ServeToken {
    static func read(_ tokenFile: String?, stateDirectory: String) throws -> String {
        let path = tokenFile ?? stateDirectory + "/token"
        if let data = FileManager.default.contents(atPath: path) {
            let token = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            guard token.count >= 8 else { throw ValidationError("the token in \(path) is shorter than 8 characters") }
            return token
        }
        guard tokenFile == nil else { throw ValidationError("cannot read --token-file \(path)") }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try AtomicFile.write(Data((token + "\n").utf8), to: path, mode: 0o600)
        return token
    }
}
