import Foundation
import KelvinCore
import Testing

@Suite("logits from weights")
struct LogitsFromWeightsTests {
  @Test("softmax of ln w is w / Σw; a weight of 0 masks")
  func roundTrip() throws {
    let weights = [0.5, 0.3, 0.15, 0.05, 0]
    let z = try logits(fromWeights: weights, field: "probs")
    #expect(z[4] == -.infinity)
    let p = try z.softmax()
    for (a, b) in zip(p, weights) { #expect(abs(a - b) < 1e-15) }
    // Unnormalised weights give the same distribution.
    let scaled = try logits(fromWeights: weights.map { $0 * 7 }).softmax()
    for (a, b) in zip(scaled, weights) { #expect(abs(a - b) < 1e-15) }
  }

  @Test("a weight that is negative, NaN or infinite is an error naming it; none at all too")
  func invalid() {
    #expect(throws: KelvinError.invalidWeight(field: "probs", index: 1, value: -0.1)) {
      try logits(fromWeights: [0.5, -0.1], field: "probs")
    }
    #expect(throws: KelvinError.self) { try logits(fromWeights: [.nan]) }
    #expect(throws: KelvinError.self) { try logits(fromWeights: [.infinity]) }
    #expect(throws: KelvinError.emptyInput(field: "weights")) { try logits(fromWeights: []) }
  }
}
