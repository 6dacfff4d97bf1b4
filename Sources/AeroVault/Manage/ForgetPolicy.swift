import Foundation

/// Which snapshots `forget` keeps (restic semantics; precise rules in SPEC.md §14 "forget").
///
/// Counts: `0` = rule off, ``unlimited`` (-1) = every period. A policy with no rule set is
/// ``isEmpty``; applying it keeps everything (the CLI refuses it instead).
public struct ForgetPolicy: Hashable, Sendable {
    /// Count meaning "every period" (`--keep-daily unlimited`).
    public static let unlimited = -1

    public var last: Int
    public var hourly: Int
    public var daily: Int
    public var weekly: Int
    public var monthly: Int
    public var yearly: Int
    /// Keep every snapshot newer than the group's latest snapshot minus this duration.
    public var within: PolicyDuration?
    /// Keep every snapshot carrying all tags of at least one of these lists.
    public var tags: [[String]]

    public init(
        last: Int = 0, hourly: Int = 0, daily: Int = 0, weekly: Int = 0, monthly: Int = 0, yearly: Int = 0,
        within: PolicyDuration? = nil, tags: [[String]] = []
    ) {
        self.last = last
        self.hourly = hourly
        self.daily = daily
        self.weekly = weekly
        self.monthly = monthly
        self.yearly = yearly
        self.within = within
        self.tags = tags
    }

    /// Whether no rule is set.
    public var isEmpty: Bool {
        [last, hourly, daily, weekly, monthly, yearly].allSatisfy { $0 == 0 }
            && (within?.isZero ?? true) && tags.isEmpty
    }

    /// The counted rules in evaluation order, with their counts.
    var countedRules: [(KeepReason.Rule, Int)] {
        [(.last, last), (.hourly, hourly), (.daily, daily), (.weekly, weekly), (.monthly, monthly), (.yearly, yearly)]
    }

    /// Human summary, e.g. `keep 7 daily, 4 weekly snapshots and all snapshots within 2d of the newest`.
    public var summary: String {
        var counted: [String] = []
        for (rule, count) in countedRules where count != 0 {
            let name = rule == .last ? "latest" : rule.rawValue
            counted.append(count == Self.unlimited ? "all \(name)" : "\(count) \(name)")
        }
        var parts: [String] = []
        if !counted.isEmpty { parts.append(counted.joined(separator: ", ") + " snapshots") }
        if !tags.isEmpty {
            parts.append("all snapshots with tags " + tags.map { "[\($0.joined(separator: ","))]" }.joined(separator: " or "))
        }
        if let within, !within.isZero { parts.append("all snapshots within \(within) of the newest") }
        return parts.isEmpty ? "keep everything (no policy)" : "keep " + parts.joined(separator: " and ")
    }
}

/// Why a snapshot is kept: one rule that matched it.
public struct KeepReason: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Rule: String, Sendable, Codable {
        case last, hourly, daily, weekly, monthly, yearly, within, tags
    }

    public var rule: Rule
    /// Kept as the oldest snapshot of its group because the rule still had periods left.
    public var oldest: Bool
    /// Detail: the duration for `within`, the matching tag list for `tags`.
    public var detail: String?

    public init(rule: Rule, oldest: Bool = false, detail: String? = nil) {
        self.rule = rule
        self.oldest = oldest
        self.detail = detail
    }

    /// restic's wording: `daily snapshot`, `oldest weekly snapshot`, `within 2d`, `has tags [a,b]`.
    public var description: String {
        switch rule {
        case .within: return "within \(detail ?? "")"
        case .tags: return "has tags [\(detail ?? "")]"
        default: return (oldest ? "oldest " : "") + "\(rule.rawValue) snapshot"
        }
    }
}
