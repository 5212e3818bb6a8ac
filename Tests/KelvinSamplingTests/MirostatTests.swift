import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `mirostat`: hand-worked cases and its definition.
@Suite("mirostat")
struct MirostatTests {
  @Test("mirostat 2.0 keeps surprise ≤ μ and moves μ towards τ")
  func mirostatV2() throws {
    // τ = 1: μ = 2 bits, so p ≥ 0.25 survives: 0.5 and 0.3. Accepting token 0
    // (renormalised p = 0.625, surprise 0.678 bits): μ = 2 − 0.1·(0.678 − 1) = 2.0322.
    var mirostat = try MirostatV2(tau: 1, eta: 0.1)
    var candidates = CandidateSet(logits: logits(probabilities: fourProbabilities))
    var context = SamplingContext(random: Xoshiro256StarStar(seed: 1), vocabularySize: 4)
    mirostat.process(&candidates, context: &context)
    #expect(candidates.count == 2)
    mirostat.accept(0)
    // Probabilities come from the Float kernel (relative error below 1e-6 here).
    #expect(abs(mirostat.mu - (2 - 0.1 * (-Foundation.log2(0.625) - 1))) < 1e-6)
    mirostat.reset()
    #expect(mirostat.mu == 2)
  }

  @Test("mirostat 1.0 estimates ŝ from a Zipf distribution and keeps k tokens")
  func mirostatV1() throws {
    // p_i ∝ 1/i² over V = 100 tokens: b_i = 2 t_i, so ŝ = 2 and ε̂ = 1. τ = 1: μ = 2,
    // k = (1 · 2² / (1 − 100⁻¹))^(1/2) = 2.0101 → 2 tokens.
    let zipf = (1...100).map { 1 / Double($0 * $0) }
    let total = zipf.reduce(0, +)
    var mirostat = try Mirostat(tau: 1, eta: 0.1, m: 100)
    var candidates = CandidateSet(logits: logits(probabilities: zipf.map { $0 / total }))
    var context = SamplingContext(random: Xoshiro256StarStar(seed: 1), vocabularySize: 100)
    mirostat.process(&candidates, context: &context)
    #expect(candidates.count == 2)
  }
}
