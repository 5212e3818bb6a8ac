import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// `adaptive_p`: hand-worked cases and its definition.
@Suite("adaptive_p")
struct AdaptivePTests {
  @Test("adaptive_p reshapes around the target and adapts it to accepted tokens")
  func adaptiveP() throws {
    // target 0.3: d = |p − 0.3| / 0.3 = [0.667, 0, 0.5, 0.833];
    // logit = 5 − 10 d² / (1 + d) = [2.3333, 5, 3.3333, 1.2121].
    var processor = try AdaptiveP(target: 0.3, decay: 0.9)
    var candidates = CandidateSet(logits: logits(probabilities: fourProbabilities))
    var context = SamplingContext(random: Xoshiro256StarStar(seed: 1), vocabularySize: 4)
    processor.process(&candidates, context: &context)
    candidates.sortByToken()
    let expected: [Float] = [2.333_333, 5, 3.333_333, 1.212_121]
    for (a, b) in zip(candidates.candidateLogits, expected) { #expect(abs(a - b) < 1e-4) }
    // Accepting token 0 (p = 0.5): w = 0.5, W = 1, so the next target is 2·0.3 − 0.5 = 0.1.
    processor.accept(0)
    // (p comes from Float logits ln p, so it is 0.5 to within 1e-7.)
    #expect(abs(processor.weightedSum - 0.5) < 1e-6 && processor.totalWeight == 1)
  }
}
