import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `min_p`: hand-worked cases and its definition.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("min_p")
struct MinPTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("min_p keeps probability ≥ p · p_max")
  func minP() throws {
    // p = 0.2: threshold 0.1 keeps 0.5, 0.3, 0.15.
    #expect(try tokens(MinP(0.2), z) == [0, 1, 2])
    // p = 0.7: threshold 0.35 keeps 0.5 only.
    #expect(try tokens(MinP(0.7), z) == [0])
    #expect(try tokens(MinP(0), z) == [0, 1, 2, 3])
    // p = 1 keeps every token tied at the maximum.
    #expect(try tokens(MinP(1), [2, 2, 1]) == [0, 1])
    #expect(try tokens(MinP(0.7, minimumKeep: 2), z) == [0, 1])
  }
}
