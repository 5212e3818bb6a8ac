import KelvinSampling

/// A deterministic automaton over bytes, compiled from a ``RegexNode``: a Thompson NFA, then
/// the subset construction, then every state that cannot reach a match removed (a transition
/// into it becomes ``dead``), so that a live state always has a completion.
///
/// Hostile patterns fail with ``RegexError`` within bounded time and memory: the NFA is
/// limited to ``Limits/nfaStates`` states (counted repetition is expanded, so `(a{1000}){1000}`
/// stops there), the DFA to ``Limits/dfaStates`` (state explosion such as `(a|b)*a(a|b){20}`).
public struct ByteDFA: Sendable {
  /// The size limits of a compilation.
  public struct Limits: Sendable, Equatable {
    /// The most NFA states.
    public var nfaStates: Int
    /// The most DFA states.
    public var dfaStates: Int

    /// Creates limits.
    public init(nfaStates: Int = 200_000, dfaStates: Int = 10_000) {
      self.nfaStates = nfaStates
      self.dfaStates = dfaStates
    }
  }

  /// The state no byte leaves and no match follows.
  public static let dead: Int32 = -1
  /// The start state.
  public let start: Int32
  /// `transitions[state * 256 + byte]`: the next state, or ``dead``.
  public let transitions: [Int32]
  /// Whether each state is accepting.
  public let accepting: [Bool]

  /// The number of states.
  public var stateCount: Int { accepting.count }

  /// The state after `byte` from `state` (``dead`` stays dead).
  @inline(__always)
  public func next(_ state: Int32, _ byte: UInt8) -> Int32 {
    state < 0 ? Self.dead : transitions[Int(state) << 8 | Int(byte)]
  }

  /// The state after `bytes` from `state`.
  public func next(_ state: Int32, _ bytes: some Sequence<UInt8>) -> Int32 {
    var current = state
    for byte in bytes {
      current = next(current, byte)
      if current < 0 { return Self.dead }
    }
    return current
  }

  /// Compiles a pattern of Kelvin's regex subset (docs/CONSTRAINTS.md).
  ///
  /// - Throws: ``RegexError`` for a pattern outside the subset or beyond `limits`.
  public init(pattern: String, limits: Limits = Limits()) throws {
    try self.init(try RegexParser.parse(pattern), limits: limits)
  }

  /// Compiles a parsed expression.
  ///
  /// - Throws: ``RegexError`` beyond `limits`.
  init(_ node: RegexNode, limits: Limits) throws {
    var nfa = NFA(limit: limits.nfaStates)
    let match = try nfa.add(.match)
    let entry = try nfa.compile(node, next: match)
    // Subset construction.
    var ids: [[Int32]: Int32] = [:]
    var sets: [[Int32]] = []
    var table: [Int32] = []
    var accepting: [Bool] = []
    func intern(_ set: [Int32]) throws -> Int32 {
      if let id = ids[set] { return id }
      guard sets.count < limits.dfaStates else {
        throw RegexError(
          offset: nil,
          "the pattern needs more than \(limits.dfaStates) automaton states (its alternatives and repetitions multiply); simplify it"
        )
      }
      let id = Int32(sets.count)
      ids[set] = id
      sets.append(set)
      accepting.append(set.contains(match))
      return id
    }
    let first = try intern(nfa.closure([entry]))
    var index = 0
    var targets = [[Int32]](repeating: [], count: 256)
    while index < sets.count {
      for byte in 0..<256 { targets[byte].removeAll(keepingCapacity: true) }
      for state in sets[index] {
        if case .bytes(let ranges, let next) = nfa.states[Int(state)] {
          for range in ranges {
            for byte in range { targets[Int(byte)].append(next) }
          }
        }
      }
      var memo: [[Int32]: Int32] = [:]
      for byte in 0..<256 {
        let raw = targets[byte]
        if raw.isEmpty {
          table.append(Self.dead)
          continue
        }
        if let known = memo[raw] {
          table.append(known)
          continue
        }
        let id = try intern(nfa.closure(raw))
        memo[raw] = id
        table.append(id)
      }
      index += 1
    }
    // Remove the states from which no accepting state can be reached.
    let count = sets.count
    var live = accepting
    var changed = true
    while changed {
      changed = false
      for state in 0..<count where !live[state] {
        for byte in 0..<256 {
          let target = table[state << 8 | byte]
          if target >= 0, live[Int(target)] {
            live[state] = true
            changed = true
            break
          }
        }
      }
    }
    for slot in table.indices where table[slot] >= 0 && !live[Int(table[slot])] {
      table[slot] = Self.dead
    }
    start = live[Int(first)] ? first : Self.dead
    transitions = table
    self.accepting = accepting
  }
}
