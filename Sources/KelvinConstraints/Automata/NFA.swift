import KelvinSampling

/// A Thompson NFA over bytes.
struct NFA {
  enum State {
    case match
    case bytes([ClosedRange<UInt8>], next: Int32)
    case split([Int32])
  }

  let limit: Int
  var states: [State] = []

  init(limit: Int) { self.limit = limit }

  mutating func add(_ state: State) throws -> Int32 {
    guard states.count < limit else {
      throw RegexError(
        offset: nil,
        "the pattern needs more than \(limit) automaton states (counted repetitions are expanded); use smaller counts"
      )
    }
    states.append(state)
    return Int32(states.count - 1)
  }

  /// Compiles `node` so that it continues at `next`; returns its entry.
  mutating func compile(_ node: RegexNode, next: Int32) throws -> Int32 {
    switch node {
    case .empty: return next
    case .byteSet(let ranges): return try add(.bytes(ranges, next: next))
    case .concatenation(let items):
      var entry = next
      for item in items.reversed() { entry = try compile(item, next: entry) }
      return entry
    case .alternation(let branches):
      var entries: [Int32] = []
      for branch in branches { entries.append(try compile(branch, next: next)) }
      return try add(.split(entries))
    case .repetition(let inner, let minimum, let maximum):
      var entry = next
      if let maximum {
        // Optional copies, innermost last: x{0,k} = (x(x(…)?)?)?.
        for _ in 0..<(maximum - minimum) {
          let body = try compile(inner, next: entry)
          entry = try add(.split([body, next]))
        }
      } else {
        // x*: a loop whose split is patched once the body exists.
        let loop = try add(.split([]))
        let body = try compile(inner, next: loop)
        states[Int(loop)] = .split([body, entry])
        entry = loop
      }
      for _ in 0..<minimum { entry = try compile(inner, next: entry) }
      return entry
    }
  }

  /// The states reachable from `seeds` through splits, keeping matches and byte states,
  /// sorted.
  func closure(_ seeds: [Int32]) -> [Int32] {
    var seen = Set<Int32>()
    var stack = seeds
    var result: [Int32] = []
    while let state = stack.popLast() {
      guard seen.insert(state).inserted else { continue }
      switch states[Int(state)] {
      case .split(let targets): stack.append(contentsOf: targets)
      default: result.append(state)
      }
    }
    return result.sorted()
  }
}
