import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `top_n_sigma`: hand-worked cases and its definition.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("top_n_sigma")
struct TopNSigmaTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("top_n_sigma keeps z ≥ z_max − n·σ")
  func topNSigma() throws {
    // [4, 2, 0, -2]: mean 1, σ = √5 = 2.236. n = 1: threshold 1.764; n = 2: −0.472.
    #expect(try tokens(TopNSigma(1), [4, 2, 0, -2]) == [0, 1])
    #expect(try tokens(TopNSigma(2), [4, 2, 0, -2]) == [0, 1, 2])
    #expect(try tokens(TopNSigma(0), [4, 2, 0, -2]) == [0, 1, 2, 3])
    // Masked tokens are not candidates, so they do not enter σ.
    #expect(try tokens(TopNSigma(1), [4, 2, -.infinity, 0, -2]) == [0, 1])
  }
}
