import KelvinSampling

@testable import KelvinConstraints

/// A straightforward matcher over bytes, written for the tests independently of the automata.
///
/// It does not use the NFA, DFA, trie or index: it follows a ``RegexNode`` position by position. `ends` returns the input
/// positions where the node can stop; `offEnd` stands for "the input ran out inside the
/// node", which makes the input a proper prefix of a match (every test pattern's parts match
/// something, so running out is always extendable).
enum RegexReference {
  static let offEnd = Int.max

  static func ends(_ node: RegexNode, _ input: [UInt8], from starts: Set<Int>) -> Set<Int> {
    switch node {
    case .empty: return starts
    case .byteSet(let ranges):
      var result = Set<Int>()
      for start in starts {
        if start == offEnd || start == input.count {
          result.insert(offEnd)
        } else if ranges.contains(where: { $0.contains(input[start]) }) {
          result.insert(start + 1)
        }
      }
      return result
    case .concatenation(let items):
      return items.reduce(starts) { ends($1, input, from: $0) }
    case .alternation(let branches):
      return branches.reduce(into: Set<Int>()) { $0.formUnion(ends($1, input, from: starts)) }
    case .repetition(let inner, let minimum, let maximum):
      var current = starts
      for _ in 0..<minimum { current = ends(inner, input, from: current) }
      var all = current
      var frontier = current
      var count = minimum
      while !frontier.isEmpty, maximum.map({ count < $0 }) ?? true {
        frontier = ends(inner, input, from: frontier).subtracting(all)
        all.formUnion(frontier)
        count += 1
      }
      return all
    }
  }

  /// Whether `input` is a whole match.
  static func matches(_ node: RegexNode, _ input: [UInt8]) -> Bool {
    ends(node, input, from: [0]).contains(input.count)
  }

  /// Whether `input` is a match or a prefix of one.
  static func viable(_ node: RegexNode, _ input: [UInt8]) -> Bool {
    let found = ends(node, input, from: [0])
    return found.contains(input.count) || found.contains(offEnd)
  }

  /// The tokens a constraint should allow after `prefix`, by trying each token.
  static func allowed(_ node: RegexNode, prefix: [UInt8], vocabulary: TokenVocabulary) -> [Int] {
    (0..<vocabulary.count).filter { token in
      if token == vocabulary.endOfSequence { return matches(node, prefix) }
      let bytes = vocabulary.tokens[token]
      return !bytes.isEmpty && viable(node, prefix + bytes)
    }
  }
}
