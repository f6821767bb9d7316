/// Remembers a value derived from an event kind for the last few kinds seen, so the per-event path
/// compares a handful of strings (events of one kind share their string's storage, so a hit is one
/// pointer comparison) instead of hashing the kind into several sets.
struct KindMemo<Value> {
    private static var ways: Int { 8 }
    private var kinds: [String] = []
    private var values: [Value] = []
    private var next = 0

    /// The value for `kind`, computed by `derive` the first time (and after it was evicted).
    @inline(__always)
    mutating func value(for kind: String, _ derive: (String) -> Value) -> Value {
        for i in kinds.indices where kinds[i] == kind { return values[i] }
        let value = derive(kind)
        if kinds.count < Self.ways {
            kinds.append(kind)
            values.append(value)
        } else {
            kinds[next] = kind
            values[next] = value
            next = (next + 1) % Self.ways
        }
        return value
    }
}
