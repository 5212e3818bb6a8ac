import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `typical_p`: hand-worked cases and its definition.
@Suite("typical_p")
struct TypicalPTests {
  @Test("typical_p orders by |−log p − H| and keeps until mass p")
  func typicalP() throws {
    // p = [0.6, 0.3, 0.1]: H = 0.8979; |−ln p − H| = 0.387, 0.306, 1.405, so the order is
    // token 1, token 0, token 2. Mass 0.2 is reached by token 1 alone (0.3); mass 0.5 needs
    // token 0 too (0.9).
    let typical = logits(probabilities: [0.6, 0.3, 0.1])
    #expect(try tokens(TypicalP(0.2), typical) == [1])
    #expect(try tokens(TypicalP(0.5), typical) == [0, 1])
    #expect(try tokens(TypicalP(1), typical) == [0, 1, 2])
    #expect(try tokens(TypicalP(0.2, minimumKeep: 2), typical) == [0, 1])
  }

  @Test("ties: exact count by lower id by default; keep_ties keeps the crossing token's ties")
  func ties() throws {
    // Equal probabilities: every score |−ln 0.25 − ln 4| is 0. Mass 0.5 is reached by two
    // tokens; transformers removes only scores strictly above the crossing one, so all stay.
    let four: [Float] = [1, 1, 1, 1]
    #expect(try tokens(TypicalP(0.5), four) == [0, 1])
    #expect(try tokens(TypicalP(0.5, keepsTies: true), four) == [0, 1, 2, 3])
    #expect(try tokens(TypicalP(0.5, keepsTies: true, minimumKeep: 3), four) == [0, 1, 2, 3])
  }

  /// transformers' `TypicalLogitsWarper` written from its source in Double: log-softmax,
  /// entropy, scores |−log p − H| sorted ascending (stable), the cumulative probability of the
  /// sorted tokens, the crossing index as the number of cumulative values below the mass, and
  /// every token whose score is not above the crossing one kept, the first `minimumKeep` too.
  static func transformersTypical(_ logits: [Float], mass: Double, minimumKeep: Int = 1) -> [Int] {
    let maximum = Double(logits.max() ?? 0)
    let terms = logits.map { Foundation.exp(Double($0) - maximum) }
    let logSum = Foundation.log(terms.reduce(0, +))
    let normalized = logits.map { Double($0) - maximum - logSum }
    let entropy = -zip(normalized, normalized.map(Foundation.exp)).map { $0 * $1 }.reduce(0, +)
    let scores = normalized.map { abs(-$0 - entropy) }
    let order = scores.indices.sorted {
      scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1)
    }
    var cumulative = 0.0
    var below = 0
    for index in order {
      cumulative += Foundation.exp(normalized[index])
      if cumulative < mass { below += 1 }
    }
    let crossing = scores[order[min(below, order.count - 1)]]
    let kept = order.enumerated().filter {
      $0.offset < minimumKeep || scores[$0.element] <= crossing
    }
    return kept.map(\.element).sorted()
  }

  @Test(
    "bfloat16-rounded logits at V = 151,936: keep_ties keeps transformers' survivors",
    arguments: [0.5, 0.9, 0.95])
  func bfloat16(mass: Double) throws {
    let logits = TopPTests.gaussian(count: 151_936, sigma: 2.5, seed: 17, bfloat16: true)
    let expected = Self.transformersTypical(logits, mass: mass)
    let kept = try tokens(TypicalP(mass, keepsTies: true), logits)
    #expect(kept == expected, "\(kept.count) vs \(expected.count)")
    // The hf preset's typical_p is this one.
    var chain = try SamplerChain(
      preset: .hf, settings: SamplerSettings(temperature: 1, topK: 0, typicalP: mass))
    let set = try logits.withUnsafeBufferPointer { try chain.process($0) }
    #expect(set.candidateTokens.map(Int.init).sorted() == expected)
  }
}
