/// Runs `transform` over `items` on up to `maxConcurrency` tasks at once (a TaskGroup), keeping order.
///
/// `history add` reads and analyzes many logs; each is independent, so this spreads them over the
/// cores. `progress` is called after each item with the number done so far (from one task at a time).
public func parallelMap<Item: Sendable, Value: Sendable>(
    _ items: [Item], maxConcurrency: Int,
    progress: (@Sendable (Int) -> Void)? = nil,
    _ transform: @escaping @Sendable (Item) throws -> Value
) async -> [Result<Value, any Error>] {
    var results = [Result<Value, any Error>?](repeating: nil, count: items.count)
    await withTaskGroup(of: (Int, Result<Value, any Error>).self) { group in
        var next = 0
        let width = max(1, maxConcurrency)
        func launch() {
            guard next < items.count else { return }
            let index = next, item = items[index]
            next += 1
            group.addTask { (index, Result { try transform(item) }) }
        }
        for _ in 0..<width { launch() }
        var done = 0
        while let (index, result) = await group.next() {
            results[index] = result
            done += 1
            progress?(done)
            launch()
        }
    }
    return results.map { $0! }
}
