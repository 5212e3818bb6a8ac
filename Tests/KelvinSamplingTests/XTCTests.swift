import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `xtc`: hand-worked cases and its definition.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("xtc")
struct XTCTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("xtc removes every top choice but the least likely, when it triggers")
  func xtc() throws {
    // Threshold 0.1: 0.5, 0.3, 0.15 are top choices; all but 0.15 go.
    #expect(try tokens(XTC(probability: 1, threshold: 0.1), z) == [2, 3])
    // Threshold 0.4: only one top choice, nothing changes.
    #expect(try tokens(XTC(probability: 1, threshold: 0.4), z) == [0, 1, 2, 3])
    // Threshold above 0.5 or probability 0: nothing changes.
    #expect(try tokens(XTC(probability: 1, threshold: 0.6), z) == [0, 1, 2, 3])
    #expect(try tokens(XTC(probability: 0, threshold: 0.1), z) == [0, 1, 2, 3])
    // min_keep 3 forbids leaving only 2.
    #expect(try tokens(XTC(probability: 1, threshold: 0.1, minimumKeep: 3), z) == [0, 1, 2, 3])
  }

  @Test("xtc triggers at its probability (10,000 steps, 4σ bound: α ≈ 6e-5)")
  func xtcTriggerRate() throws {
    let processor = try XTC(probability: 0.3, threshold: 0.1)
    var triggered = 0
    let steps = 10_000
    for step in 0..<steps {
      var candidates = CandidateSet(logits: z)
      var context = SamplingContext(
        random: SamplingStream.generator(seed: 7, sequence: 0, step: UInt64(step)),
        vocabularySize: 4)
      processor.process(&candidates, context: &context)
      if candidates.count == 2 { triggered += 1 }
    }
    let rate = Double(triggered) / Double(steps)
    let sigma = (0.3 * 0.7 / Double(steps)).squareRoot()
    #expect(abs(rate - 0.3) < 4 * sigma)
  }
}
