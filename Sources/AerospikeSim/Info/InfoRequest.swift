/// One parsed info command: its name and its arguments (SPEC.md §12.6).
///
/// `name/a/b` gives positional arguments; `name:k=v;k2=v2` gives keyword arguments. The server splits
/// the name at the first `/`, `:` or `;`.
struct InfoRequest: Equatable {
    /// The command text exactly as received (echoed in the reply).
    let text: String
    /// The command name.
    let name: String
    /// Positional arguments (`name/a/b`).
    let positional: [String]
    /// Keyword arguments (`name:k=v;k2=v2`); a bare word without `=` maps to "".
    let keywords: [String: String]

    init(_ text: String) {
        self.text = text
        guard let cut = text.firstIndex(where: { $0 == "/" || $0 == ":" || $0 == ";" }) else {
            name = text
            positional = []
            keywords = [:]
            return
        }
        name = String(text[..<cut])
        let rest = text[text.index(after: cut)...]
        if text[cut] == "/" {
            positional = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            keywords = [:]
        } else {
            positional = []
            var kw: [String: String] = [:]
            for item in rest.split(separator: ";") {
                if let eq = item.firstIndex(of: "=") {
                    kw[String(item[..<eq])] = String(item[item.index(after: eq)...])
                } else {
                    kw[String(item)] = ""
                }
            }
            keywords = kw
        }
    }
}
