import KelvinCore
import KelvinSampling
import Testing

@Suite("CandidateSet ordering")
struct CandidateSetTests {
  /// Logits with many exact ties, both signed zeros and masked tokens.
  static func logits(count: Int, seed: UInt64) -> [Float] {
    var generator = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { index in
      if index % 50 == 7 { return -.infinity }
      if index % 37 == 1 { return -0.0 }
      return Float(Int(generator.next() % 16)) / 4 - 2
    }
  }

  @Test(
    "sorting by logit then by token equals sorting the pairs directly, bit for bit",
    arguments: [10, 256, 257, 3000])
  func sortsMatchReference(count: Int) {
    let logits = Self.logits(count: count, seed: UInt64(count))
    var set = CandidateSet(logits: logits)
    set.sortByLogit()
    let byLogit = logits.enumerated().sorted {
      $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset)
    }
    #expect(set.candidateTokens.map(Int.init) == byLogit.map(\.offset))
    #expect(set.candidateLogits.map(\.bitPattern) == byLogit.map(\.element.bitPattern))
    set.sortByToken()
    #expect(set.candidateTokens.map(Int.init) == Array(0..<count))
    #expect(set.candidateLogits.map(\.bitPattern) == logits.map(\.bitPattern))
  }

  @Test("top_p on a large set with signed zeros and ties keeps the reference nucleus")
  func topPWithSignedZeros() throws {
    // Without -0.0 the packed-key sort runs; with it the comparison sort: both must agree
    // with the definition (sort by logit, ties by lower id, accumulate to p).
    for withNegativeZero in [false, true] {
      var logits = Self.logits(count: 5000, seed: 3)
      if !withNegativeZero { logits = logits.map { $0 == 0 ? 0 : $0 } }
      var reference = CandidateSet(logits: logits)
      reference.removeMasked()
      let probabilities = reference.probabilities()
      let order = (0..<reference.count).sorted {
        let a = reference.candidateLogits[$0]
        let b = reference.candidateLogits[$1]
        return a > b || (a == b && reference.candidateTokens[$0] < reference.candidateTokens[$1])
      }
      var cumulative = 0.0
      var expected: [Int] = []
      for position in order {
        expected.append(Int(reference.candidateTokens[position]))
        cumulative += probabilities[position]
        if cumulative >= 0.9 { break }
      }
      var chain = try SamplerChain(specification: "top_p=0.9")
      let set = try logits.withUnsafeBufferPointer { try chain.process($0) }
      #expect(set.candidateTokens.map(Int.init).sorted() == expected.sorted())
    }
  }
}
