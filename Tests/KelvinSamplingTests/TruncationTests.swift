import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// Hand-worked cases for the truncating processors.
///
/// Probabilities [0.5, 0.3, 0.15, 0.05] come
/// from logits ln p, so every threshold below is compared against those numbers.
@Suite("truncation processors")
struct TruncationTests {
  let z = logits(probabilities: fourProbabilities)

  @Test("top_k keeps exactly k, ties broken by lower token id")
  func topK() throws {
    #expect(try tokens(TopK(2), [1, 3, 3, 2, 0]) == [1, 2])
    // Three tokens tie at 3; k = 2 keeps the two lowest ids (llama.cpp).
    #expect(try tokens(TopK(2), [3, 1, 3, 3]) == [0, 2])
    // keep_ties keeps every token tied with the 2nd (transformers).
    #expect(try tokens(TopK(2, keepsTies: true), [3, 1, 3, 3]) == [0, 2, 3])
    #expect(try tokens(TopK(0), [3, 1, 2]) == [0, 1, 2])
    #expect(try tokens(TopK(3), [3, 1, 2]) == [0, 1, 2])
    #expect(try tokens(TopK(1, minimumKeep: 3), [3, 1, 2, 0]) == [0, 1, 2])
  }

  @Test("top_k's bounded selection equals a full sort", arguments: [1, 5, 12, 100])
  func topKSelection(k: Int) throws {
    var generator = Xoshiro256StarStar(seed: UInt64(k))
    // Coarse values make many ties.
    let logits = (0..<1000).map { _ in Float(Int(generator.next() % 50)) / 4 }
    let expected = logits.enumerated().sorted {
      $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset)
    }
    .prefix(k).map(\.offset).sorted()
    #expect(try tokens(TopK(k), logits) == expected)
  }

  @Test("top_p keeps the smallest top set reaching p, the crossing token included")
  func topP() throws {
    // Cumulative: 0.5, 0.8, 0.95, 1.
    #expect(try tokens(TopP(0.75), z) == [0, 1])
    #expect(try tokens(TopP(0.85), z) == [0, 1, 2])
    #expect(try tokens(TopP(0.5 - 1e-9), z) == [0])
    #expect(try tokens(TopP(1), z) == [0, 1, 2, 3])
    #expect(try tokens(TopP(0), z) == [0])
    #expect(try tokens(TopP(0.4, minimumKeep: 3), z) == [0, 1, 2])
  }

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

  @Test("typical_p orders by |−log p − H| and keeps until mass p")
  func typicalP() throws {
    // p = [0.6, 0.3, 0.1]: H = 0.8979; |−ln p − H| = 0.387, 0.306, 1.405, so the order is
    // token 1, token 0, token 2. Mass 0.2 is reached by token 1 alone (0.3); mass 0.5 needs
    // token 0 too (0.9).
    let typical = logits(probabilities: [0.6, 0.3, 0.1])
    #expect(try tokens(TypicalP(0.2), typical) == [1])
    #expect(try tokens(TypicalP(0.5), typical) == [0, 1])
    #expect(try tokens(TypicalP(1), typical) == [0, 1, 2])
    #expect(try tokens(TypicalP(0.2, minimumKeep: 2), typical) == [0, 1])
  }

  @Test("top_n_sigma keeps z ≥ z_max − n·σ")
  func topNSigma() throws {
    // [4, 2, 0, -2]: mean 1, σ = √5 = 2.236. n = 1: threshold 1.764; n = 2: −0.472.
    #expect(try tokens(TopNSigma(1), [4, 2, 0, -2]) == [0, 1])
    #expect(try tokens(TopNSigma(2), [4, 2, 0, -2]) == [0, 1, 2])
    #expect(try tokens(TopNSigma(0), [4, 2, 0, -2]) == [0, 1, 2, 3])
    // Masked tokens are not candidates, so they do not enter σ.
    #expect(try tokens(TopNSigma(1), [4, 2, -.infinity, 0, -2]) == [0, 1])
  }

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

  @Test("invalid parameters are errors naming the processor, the value and the range")
  func invalidParameters() {
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_p", parameter: "min_keep", value: "0",
        rule: "a whole number from 1 to 2147483647")
    ) {
      try TopP(0.9, minimumKeep: 0)
    }
    // Values that llama.cpp reads as "off" are outside the documented ranges here: 0 or
    // 1 switch a processor off.
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_k", parameter: "k", value: "-5", rule: "a whole number from 0 to 2147483647"
      )
    ) {
      try TopK(-5)
    }
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_p", parameter: "p", value: "1.5", rule: "a number in [0, 1]")
    ) {
      try TopP(1.5)
    }
    #expect(throws: SamplingError.self) { try MinP(-1) }
    #expect(throws: SamplingError.self) { try MinP(2) }
    #expect(throws: SamplingError.self) { try TypicalP(-3) }
    #expect(throws: SamplingError.self) { try Mirostat(tau: -1) }
    #expect(throws: SamplingError.self) { try NoRepeatNGram(-1) }
    #expect(throws: SamplingError.self) { try TopP(.nan) }
    #expect(throws: SamplingError.self) { try XTC(probability: 1.5, threshold: 0.1) }
    #expect(throws: SamplingError.self) { try TopNSigma(.infinity) }
  }
}
