/// How many selected objects must meet the condition: all of them (and at least one), any, none,
/// a count, or a spread across a topology key (anti-affinity).
public enum Quantifier: Sendable, Hashable, CustomStringConvertible {
    case all
    case any
    case none
    case count(Comparison)
    case spread(SpreadRule)

    public var description: String {
        switch self {
        case .all: return "all"
        case .any: return "any"
        case .none: return "none"
        case .count(let c): return "count \(c)"
        case .spread(let rule): return "spread \(rule)"
        }
    }
}

/// A comparison of a count with a bound.
public enum Comparison: Sendable, Hashable, CustomStringConvertible {
    case equals(Int)
    case atLeast(Int)
    case atMost(Int)

    /// Whether `n` satisfies it.
    public func holds(_ n: Int) -> Bool {
        switch self {
        case .equals(let b): return n == b
        case .atLeast(let b): return n >= b
        case .atMost(let b): return n <= b
        }
    }

    /// `== 3`, `>= 1`, `<= 0`.
    public var description: String {
        switch self {
        case .equals(let b): return "== \(b)"
        case .atLeast(let b): return ">= \(b)"
        case .atMost(let b): return "<= \(b)"
        }
    }
}

/// Anti-affinity: group the selected objects by a topology key and bound the group sizes.
public struct SpreadRule: Sendable, Hashable, CustomStringConvertible {
    public var key: TopologyKey
    /// At most this many objects may share a value of the key.
    public var maxPerBucket: Int
    /// At least this many distinct values (`nil`: no bound).
    public var minBuckets: Int?
    /// A soft rule (vSphere cluster modules, DRS best effort): when the cluster has fewer distinct
    /// values than selected objects, co-location is forced and the outcome is warn, not fail.
    public var soft: Bool

    public init(key: TopologyKey, maxPerBucket: Int = 1, minBuckets: Int? = nil, soft: Bool? = nil) {
        self.key = key
        self.maxPerBucket = maxPerBucket
        self.minBuckets = minBuckets
        self.soft = soft ?? key.isClusterModule
    }

    public var description: String {
        var s = "by \(key), at most \(maxPerBucket) per value"
        if let minBuckets { s += ", at least \(minBuckets) values" }
        if soft { s += " (soft: warn when there are fewer values than objects)" }
        return s
    }
}

/// Where an object sits: a label value, a field, or (for pods) the node it runs on.
public enum TopologyKey: Sendable, Hashable, CustomStringConvertible {
    case label(String)
    case field([String])
    case node

    /// The ESXi host label CAPV copies onto Machines (and, with node labeling, Nodes).
    public static let esxiHostLabel = "node.cluster.x-k8s.io/esxi-host"

    /// Whether this key reflects vSphere cluster-module placement (a soft rule).
    public var isClusterModule: Bool {
        switch self {
        case .label(let l): return l == Self.esxiHostLabel
        case .field(let path): return path == ["status", "host"]
        case .node: return false
        }
    }

    public var description: String {
        switch self {
        case .label(let l): return "label \(l)"
        case .field(let path): return path.joined(separator: ".")
        case .node: return "node"
        }
    }
}
