import Foundation
import KelvinCore
import Testing

@Suite("cross-entropy and divergences")
struct DivergenceTests {
  static func pair(_ seed: UInt64) -> ([Double], [Double]) {
    (
      Reference.softmax(gaussianLogits(count: 30, sigma: 2, seed: seed), temperature: 1),
      Reference.softmax(gaussianLogits(count: 30, sigma: 2, seed: seed + 1000), temperature: 1)
    )
  }

  @Test("KL(p ‖ q) ≥ 0 and matches Σ p log(p/q)", arguments: 1...20)
  func klIsNonNegative(seed: UInt64) throws {
    let (p, q) = Self.pair(seed)
    let kl = try klDivergence(p, q)
    #expect(kl >= 0)
    #expect(relativeError(kl, Reference.kl(p, q)) < 1e-11)
  }

  @Test("KL(p ‖ p) = 0 exactly")
  func klOfItselfIsZero() throws {
    let (p, _) = Self.pair(3)
    #expect(try klDivergence(p, p) == 0)
    #expect(try klDivergence([Float(0.25), 0.75], [0.25, 0.75]) == 0)
  }

  @Test("KL is +inf where q rules out what p allows; zeros of p contribute nothing")
  func klSupport() throws {
    #expect(try klDivergence([0.5, 0.5], [1.0, 0]) == .infinity)
    // p = (1, 0), q = (1/2, 1/2): KL = log 2.
    #expect(relativeError(try klDivergence([1.0, 0], [0.5, 0.5]), Foundation.log(2)) < 1e-15)
  }

  @Test("H(p, q) = H(p) + KL(p ‖ q)", arguments: 1...10)
  func crossEntropyDecomposes(seed: UInt64) throws {
    let (p, q) = Self.pair(seed)
    let sum = try entropy(of: p) + klDivergence(p, q)
    #expect(relativeError(try crossEntropy(p, q), sum) < 1e-12)
  }

  @Test("cross-entropy of a one-hot label is -log q_label")
  func crossEntropyOfLabel() throws {
    #expect(
      relativeError(try crossEntropy([0.0, 1, 0], [0.2, 0.5, 0.3]), -Foundation.log(0.5)) < 1e-15)
  }

  @Test("JS is symmetric, 0 on equal inputs, ln 2 on disjoint supports", arguments: 1...10)
  func jensenShannonProperties(seed: UInt64) throws {
    let (p, q) = Self.pair(seed)
    let forward = try jensenShannonDivergence(p, q)
    #expect(relativeError(forward, try jensenShannonDivergence(q, p)) < 1e-14)
    #expect(forward >= 0 && forward <= Foundation.log(2))
    let m = zip(p, q).map { ($0 + $1) / 2 }
    let reference = 0.5 * Reference.kl(p, m) + 0.5 * Reference.kl(q, m)
    #expect(relativeError(forward, reference) < 1e-11)
    #expect(try jensenShannonDivergence(p, p) == 0)
    #expect(
      relativeError(try jensenShannonDivergence([1.0, 0], [0, 1.0]), Foundation.log(2)) < 1e-15)
  }

  @Test("mismatched lengths and invalid vectors are errors naming p or q")
  func invalidInputs() {
    #expect(
      throws: KelvinError.lengthMismatch(first: "p", firstCount: 2, second: "q", secondCount: 3)
    ) {
      try klDivergence([0.5, 0.5], [0.2, 0.3, 0.5])
    }
    #expect(throws: KelvinError.invalidProbability(field: "q", index: 0, value: 2)) {
      try crossEntropy([0.5, 0.5], [2.0, -1])
    }
  }
}
