import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `top_h`: hand-worked cases and its definition.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("top_h")
struct TopHTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("top_h keeps the entropy budget h·H over the top 100")
  func topH() throws {
    // −p ln p: 0.3466, 0.3612, 0.2846, 0.1498; H = 1.1422.
    // h = 0.5: budget 0.5711 admits the first term only; h = 0.7: budget 0.7995 the first two.
    #expect(try tokens(TopH(0.5), z) == [0])
    #expect(try tokens(TopH(0.7), z) == [0, 1])
    #expect(try tokens(TopH(1), z).count >= 3)
    let wide = (0..<300).map { Float(-$0) / 100 }
    #expect(try tokens(TopH(1), wide).count <= 100)
    #expect(throws: SamplingError.self) { try TopH(0) }
  }
}
