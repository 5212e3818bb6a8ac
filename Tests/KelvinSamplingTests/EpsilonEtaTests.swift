import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `epsilon` and `eta`: hand-worked cases and their definitions.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come from logits ln p, so every threshold below is
/// compared against those numbers.
@Suite("epsilon and eta")
struct EpsilonEtaTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("epsilon keeps p ≥ e; eta keeps p ≥ min(e, √e·exp(−H))")
  func epsilonAndEta() throws {
    #expect(try tokens(Epsilon(0.1), z) == [0, 1, 2])
    #expect(try tokens(Epsilon(0.4), z) == [0])
    #expect(try tokens(Epsilon(0.6), z) == [0])  // min_keep 1
    // H = 1.1422 nats; e = 0.2: √0.2·e^−1.1422 = 0.1427 → keeps 0.5, 0.3, 0.15.
    #expect(try tokens(Eta(0.2), z) == [0, 1, 2])
    // e = 0.4: √0.4·e^−1.1422 = 0.2018 → keeps 0.5, 0.3.
    #expect(try tokens(Eta(0.4), z) == [0, 1])
    #expect(throws: SamplingError.self) { try Epsilon(1) }
  }

  @Test("min_keep keeps every token tied with the min_keep-th largest, as transformers")
  func minimumKeepTies() throws {
    // Only token 0 reaches e = 0.5. transformers removes a token when its probability is below
    // e and its logit below the 2nd largest (2): tokens 1, 2 and 3 tie there and stay.
    let tied: [Float] = [3, 2, 2, 2, 1]
    #expect(try tokens(Epsilon(0.5, minimumKeep: 2), tied) == [0, 1, 2, 3])
    #expect(try tokens(Epsilon(0.5, minimumKeep: 5), tied) == [0, 1, 2, 3, 4])
    #expect(try tokens(Epsilon(0.5), tied) == [0])
    // Eta with its threshold above every probability: the same rule.
    #expect(try tokens(Eta(0.9, minimumKeep: 3), tied) == [0, 1, 2, 3])
  }
}
