import KelvinCore
import KelvinSampling
import Testing

/// `bad_words`: transformers' `NoBadWordsLogitsProcessor` rule — a banned sequence's last
/// token goes exactly when the history ends with the rest of it — checked against that rule
/// applied here to the whole history.
@Suite("bad_words")
struct BadWordsTests {
  static let sequences = [[2], [1, 3], [0, 1, 4], [5, 5, 5, 0]]

  /// The definition over the full history: ban s.last when history ends with s.dropLast().
  static func banned(_ history: [Int], _ sequences: [[Int]]) -> Set<Int> {
    var banned = Set<Int>()
    for sequence in sequences {
      let prefix = Array(sequence.dropLast())
      if history.count >= prefix.count, Array(history.suffix(prefix.count)) == prefix {
        banned.insert(sequence[sequence.count - 1])
      }
    }
    return banned
  }

  static func survivors(_ chain: inout SamplerChain) throws -> Set<Int> {
    let logits = [Float](repeating: 0, count: 6)
    let candidates = try logits.withUnsafeBufferPointer { try chain.process($0) }
    return Set(candidates.candidateTokens.map(Int.init))
  }

  @Test("the ban follows the history, prompt included")
  func followsHistory() throws {
    var chain = try SamplerChain(specification: "bad_words(sequences=2|1:3|0:1:4|5:5:5:0)")
    #expect(try Self.survivors(&chain) == [0, 1, 3, 4, 5])
    chain.acceptPrompt(0)
    chain.accept(1)
    #expect(try Self.survivors(&chain) == [0, 1, 5])
    chain.accept(1)
    #expect(try Self.survivors(&chain) == [0, 1, 4, 5])
    chain.reset()
    chain.accept(3)
    #expect(try Self.survivors(&chain) == [0, 1, 3, 4, 5])
  }

  @Test("every step of 2,000 seeded random histories bans exactly the definition's set")
  func matchesDefinition() throws {
    var random = SplitMix64(seed: 11)
    for _ in 0..<2_000 {
      var chain = SamplerChain([try BadWords(Self.sequences)])
      var history: [Int] = []
      for _ in 0..<Int(random.next() % 12) {
        let token = Int(random.next() % 6)
        history.append(token)
        chain.accept(token)
      }
      let expected = Set(0..<6).subtracting(Self.banned(history, Self.sequences))
      #expect(try Self.survivors(&chain) == expected)
    }
  }

  @Test("errors: a token outside the vocabulary, an empty or negative entry; empty is off")
  func errors() throws {
    var outside = try SamplerChain(specification: "bad_words(sequences=1:6)")
    #expect(throws: SamplingError.self) { try Self.survivors(&outside) }
    #expect(throws: (any Error).self) {
      try SamplerChain(specification: "bad_words(sequences=3||4)")
    }
    #expect(throws: (any Error).self) { try SamplerChain(specification: "bad_words(sequences=-1)") }
    #expect(throws: SamplingError.self) { try BadWords([[]]) }
    var off = try SamplerChain(specification: "bad_words")
    #expect(try Self.survivors(&off).count == 6)
    #expect(try BadWords([[1, 3], [2], [1, 3]]).specification == "bad_words(sequences=1:3|2)")
  }
}
