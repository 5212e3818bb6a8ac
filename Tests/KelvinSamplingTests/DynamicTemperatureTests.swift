import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `dynamic_temperature`: hand-worked cases and its definition.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("dynamic_temperature")
struct DynamicTemperatureTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("dynamic temperature moves from max(0, t − δ) to t + δ with normalised entropy")
  func dynamicTemperature() throws {
    // p = [0.5, 0.3, 0.15, 0.05]: H = 1.14223, H_max = ln 4 = 1.38629, ratio 0.82394.
    // t = 1, δ = 0.5, exponent 1: T = 0.5 + 1.0 · 0.82394 = 1.32394.
    let z = logits(probabilities: fourProbabilities)
    let processor = try DynamicTemperature(temperature: 1, delta: 0.5, exponent: 1)
    let candidates = CandidateSet(logits: z)
    let h = -fourProbabilities.map { $0 * Foundation.log($0) }.reduce(0, +)
    let expected = 0.5 + (h / Foundation.log(4.0))
    #expect(abs(processor.effectiveTemperature(for: candidates) - expected) < 1e-6)
    let result = try survivors(processor, z).map(\.logit)
    for (a, b) in zip(result, z) { #expect(abs(Double(a) - Double(b) / expected) < 1e-5) }
    // Uniform logits have normalised entropy 1: T = t + δ. δ ≤ 0 is plain temperature.
    #expect(
      abs(processor.effectiveTemperature(for: CandidateSet(logits: [0, 0, 0])) - 1.5) < 1e-6)
    #expect(try DynamicTemperature(temperature: 0.7).effectiveTemperature(for: candidates) == 0.7)
  }
}
