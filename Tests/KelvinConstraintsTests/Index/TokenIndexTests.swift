import KelvinCore
import KelvinSampling
import Testing

@testable import KelvinConstraints

/// The per-state token index against the brute-force reference (each token tried against the
/// pattern by ``RegexReference``), at every DFA state, over a byte-level vocabulary that
/// splits multi-byte UTF-8 across tokens.
@Suite("token index")
struct TokenIndexTests {
  /// Every single byte (so 0xC3 and 0xA9 are tokens on their own, not valid UTF-8), some
  /// multi-byte tokens, a duplicate, an empty special token and an end of sequence.
  static func makeVocabulary() throws -> TokenVocabulary {
    var tokens: [[UInt8]] = (0...255).map { [UInt8($0)] }
    let texts = [
      "ca", "caf", "café", "é", "日", "日本", "ab", "aba", "12", ".5", "\"a", "\\\"", "tr", "ue",
      "null", "α", "βγ", "ωx", "true", "fa", "lse", "0.", "-1", "本x", "ï", "naï", "ve",
    ]
    tokens += texts.map { Array($0.utf8) }
    tokens += [[0x66, 0xC3], [0xE6, 0x97], [0xA5, 0xE6, 0x9C], [0xAC], [0xCE], [0xB1, 0xCE]]
    tokens += [Array("ab".utf8), []]  // a duplicate and an empty special token
    tokens.append([])  // the end of sequence
    return try TokenVocabulary(tokens: tokens, endOfSequence: tokens.count - 1)
  }

  static let patterns = [
    #"[0-9]+(\.[0-9]{1,2})?"#, "(ab|a)*c", #""([^"\\]|\\.)*""#, "café|naïve|日本", "[α-ω]{2,3}x",
    ".{0,3}é", "(true|false|null)", "-?(0|[1-9][0-9]*)", #"\d{2}-\w+"#, "[^a-z]{1,2}本?",
  ]

  @Test("every DFA state's mask is the brute-force allowed set", arguments: patterns)
  func everyState(pattern: String) throws {
    let node = try RegexParser.parse(pattern)
    let vocabulary = try Self.makeVocabulary()
    let dfa = try ByteDFA(node, limits: ByteDFA.Limits())
    let index = TokenIndex(dfa: dfa, vocabulary: vocabulary)
    // A shortest byte string to each reachable state.
    var reach: [Int32: [UInt8]] = [dfa.start: []]
    var queue = [dfa.start]
    while !queue.isEmpty {
      let state = queue.removeFirst()
      for byte in 0...255 {
        let next = dfa.next(state, UInt8(byte))
        if next >= 0, reach[next] == nil, let path = reach[state] {
          reach[next] = path + [UInt8(byte)]
          queue.append(next)
        }
      }
    }
    #expect(reach.count == dfa.stateCount)
    for (state, prefix) in reach {
      let expected = RegexReference.allowed(node, prefix: prefix, vocabulary: vocabulary)
      #expect(index.mask(of: state).tokens == expected, "\(pattern) after \(prefix)")
    }
  }

  @Test("seeded walks through the constraint keep matching the reference", arguments: patterns)
  func walks(pattern: String) throws {
    let node = try RegexParser.parse(pattern)
    let vocabulary = try Self.makeVocabulary()
    var constraint = try RegexConstraint(pattern: pattern, vocabulary: vocabulary)
    var random = SplitMix64(seed: 7)
    for _ in 0..<40 {
      constraint.reset()
      var prefix: [UInt8] = []
      for _ in 0..<8 {
        let allowed = constraint.allowedTokens.tokens
        #expect(
          allowed == RegexReference.allowed(node, prefix: prefix, vocabulary: vocabulary))
        #expect(constraint.isComplete == RegexReference.matches(node, prefix))
        guard !allowed.isEmpty else { break }
        let token = allowed[Int(random.next() % UInt64(allowed.count))]
        constraint.accept(token)
        if token == vocabulary.endOfSequence {
          #expect(constraint.allowedTokens.isEmpty)
          break
        }
        prefix += vocabulary.tokens[token]
      }
    }
  }

  @Test("equal masks are stored once; the memory figure counts masks and transitions")
  func sharing() throws {
    let index = try RegexConstraint(pattern: "[0-9]{5}", vocabulary: try Self.makeVocabulary())
      .index
    // Five digit states of which the first four allow the same tokens, and the final state.
    #expect(index.dfa.stateCount == 6)
    #expect(index.masks.count <= 4)
    #expect(index.memoryBytes >= index.dfa.transitions.count * 4)
  }
}
