import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `temperature`: hand-worked cases and its definition.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("temperature")
struct TemperatureTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("temperature divides; 0 keeps the maxima; inf flattens; 1 changes nothing")
  func temperature() throws {
    #expect(try survivors(Temperature(2), [1, 2, 4]).map(\.logit) == [0.5, 1, 2])
    #expect(try tokens(Temperature(0), [3, 1, 3]) == [0, 2])
    #expect(
      try survivors(Temperature(.infinity), [3, 1, -.infinity, 2]).map(\.logit) == [0, 0, 0])
    #expect(try survivors(Temperature(1), [3, 1]).map(\.logit) == [3, 1])
    #expect(throws: SamplingError.self) { try Temperature(-1) }
    // z / τ would overflow Float: the logits are shifted by the maximum first.
    let tiny = try survivors(Temperature(1e-3), [1e38, 0])
    #expect(tiny.allSatisfy { $0.logit.isFinite || $0.logit == -.infinity })
    #expect(tiny[0].logit == 0)
    // (0 − 1e38) / 1e-3 = −1e41 underflows Float to -inf: that token is masked (removed), as
    // on the dividing path.
    #expect(tiny.count == 1)
  }
}
