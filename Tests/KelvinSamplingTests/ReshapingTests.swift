import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// Hand-worked cases for the processors that change logits.
@Suite("reshaping processors")
struct ReshapingTests {
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

  @Test("penalties: divide positive, multiply non-positive, subtract count·f + presence")
  func penalties() throws {
    // History [0, 1, 0]: token 0 twice, token 1 once. repeat 2, frequency 0.5, presence 0.1.
    // token 0: 2 / 2 − (2·0.5 + 0.1) = −0.1; token 1: −1 · 2 − (0.5 + 0.1) = −2.6.
    let penalties = try Penalties(lastN: 64, repeat: 2, frequency: 0.5, presence: 0.1)
    let result = try survivors(penalties, [2, -1, 0.5, 3], history: [0, 1, 0]).map(\.logit)
    #expect(abs(result[0] - -0.1) < 1e-6 && abs(result[1] - -2.6) < 1e-6)
    #expect(result[2] == 0.5 && result[3] == 3)
    // last_n = 2 keeps [1, 0]: token 0 once: 1 − 0.6 = 0.4.
    let short = try Penalties(lastN: 2, repeat: 2, frequency: 0.5, presence: 0.1)
    #expect(abs(try survivors(short, [2, -1, 0.5, 3], history: [0, 1, 0])[0].logit - 0.4) < 1e-6)
    // last_n = 0 disables.
    let off = try Penalties(lastN: 0, repeat: 2)
    #expect(try survivors(off, [2, -1], history: [0, 1]).map(\.logit) == [2, -1])
  }

  @Test("penalties' prompt policy: counted or ignored")
  func promptPolicy() throws {
    var counted = try Penalties(lastN: 10, presence: 1, prompt: .counted)
    var ignored = try Penalties(lastN: 10, presence: 1, prompt: .ignored)
    counted.acceptPrompt(0)
    ignored.acceptPrompt(0)
    #expect(try survivors(counted, [1, 1]).map(\.logit) == [0, 1])
    #expect(try survivors(ignored, [1, 1]).map(\.logit) == [1, 1])
  }

  @Test("DRY penalises tokens that would extend a repetition (llama.cpp's worked example)")
  func dry() throws {
    // History a b c c b c y a b c (a=0 b=1 c=2 y=3). The run ending at the newest token
    // (a b c) also ends at position 2 (length 3) and at position 5 (b c, length 2): emitting c
    // (which followed position 2) would extend a 3-run, y (after position 5) a 2-run.
    // Penalties with multiplier 0.8, base 1.75, allowed length 2: c: 0.8·1.75¹ = 1.4; y: 0.8.
    let history = [0, 1, 2, 2, 1, 2, 3, 0, 1, 2]
    let dry = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, lastN: -1)
    let result = try survivors(dry, [0, 0, 0, 0], history: history).map(\.logit)
    #expect(result[0] == 0 && result[1] == 0)
    #expect(abs(result[2] - -1.4) < 1e-6 && abs(result[3] - -0.8) < 1e-6)
    // y as a single-token breaker is never penalised; the most recent y limits runs to 3.
    let breakY = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, breakers: [[3]])
    let withBreaker = try survivors(breakY, [0, 0, 0, 0], history: history).map(\.logit)
    #expect(abs(withBreaker[2] - -1.4) < 1e-6 && withBreaker[3] == 0)
    // b as a breaker one token back limits every run to 1 < allowed length: no penalty.
    let breakB = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, breakers: [[1]])
    #expect(try survivors(breakB, [0, 0, 0, 0], history: history).map(\.logit) == [0, 0, 0, 0])
    // A two-token breaker "c y" (2:3) seen 4 tokens back caps runs at 4 − 1 = 3: unchanged.
    let pair = try DRY(multiplier: 0.8, base: 1.75, allowedLength: 2, breakers: [[2, 3]])
    #expect(abs(try survivors(pair, [0, 0, 0, 0], history: history)[2].logit - -1.4) < 1e-6)
    // multiplier 0 disables.
    let off = try DRY(multiplier: 0)
    #expect(try survivors(off, [0, 0, 0, 0], history: history).map(\.logit) == [0, 0, 0, 0])
  }

  @Test("logit_bias adds; -inf bans; tokens outside the vocabulary are errors")
  func logitBias() throws {
    let bias = try LogitBias([1: 2.5, 2: -.infinity])
    let result = try survivors(bias, [0, 0, 0])
    #expect(result.map(\.token) == [0, 1] && result[1].logit == 2.5)
    #expect(
      throws: SamplingError.tokenOutOfRange(context: "logit_bias", token: 9, vocabularySize: 3)
    ) {
      try survivors(try LogitBias([9: 1]), [0, 0, 0])
    }
  }

  @Test("no_repeat_ngram bans the token that would repeat an n-gram")
  func noRepeatNGram() throws {
    // n = 2, history 5 6 5: the prefix "5" occurred before, followed by 6: 6 is banned.
    #expect(
      try tokens(try NoRepeatNGram(2), [Float](repeating: 0, count: 8), history: [5, 6, 5]) == [
        0, 1, 2, 3, 4, 5, 7,
      ])
    // n = 3, history 1 2 3 1 2: prefix "1 2" was followed by 3.
    #expect(
      try tokens(try NoRepeatNGram(3), [0, 0, 0, 0], history: [1, 2, 3, 1, 2]) == [0, 1, 2])
    // Too short a history bans nothing; n = 1 bans every seen token.
    #expect(try tokens(try NoRepeatNGram(3), [0, 0, 0], history: [1]) == [0, 1, 2])
    #expect(try tokens(try NoRepeatNGram(1), [0, 0, 0], history: [1]) == [0, 2])
  }

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

  @Test("mirostat 2.0 keeps surprise ≤ μ and moves μ towards τ")
  func mirostatV2() throws {
    // τ = 1: μ = 2 bits, so p ≥ 0.25 survives: 0.5 and 0.3. Accepting token 0
    // (renormalised p = 0.625, surprise 0.678 bits): μ = 2 − 0.1·(0.678 − 1) = 2.0322.
    var mirostat = try MirostatV2(tau: 1, eta: 0.1)
    var candidates = CandidateSet(logits: logits(probabilities: fourProbabilities))
    var context = SamplingContext(random: Xoshiro256StarStar(seed: 1), vocabularySize: 4)
    mirostat.process(&candidates, context: &context)
    #expect(candidates.count == 2)
    mirostat.accept(0)
    // Probabilities come from the Float kernel (relative error below 1e-6 here).
    #expect(abs(mirostat.mu - (2 - 0.1 * (-Foundation.log2(0.625) - 1))) < 1e-6)
    mirostat.reset()
    #expect(mirostat.mu == 2)
  }

  @Test("mirostat 1.0 estimates ŝ from a Zipf distribution and keeps k tokens")
  func mirostatV1() throws {
    // p_i ∝ 1/i² over V = 100 tokens: b_i = 2 t_i, so ŝ = 2 and ε̂ = 1. τ = 1: μ = 2,
    // k = (1 · 2² / (1 − 100⁻¹))^(1/2) = 2.0101 → 2 tokens.
    let zipf = (1...100).map { 1 / Double($0 * $0) }
    let total = zipf.reduce(0, +)
    var mirostat = try Mirostat(tau: 1, eta: 0.1, m: 100)
    var candidates = CandidateSet(logits: logits(probabilities: zipf.map { $0 / total }))
    var context = SamplingContext(random: Xoshiro256StarStar(seed: 1), vocabularySize: 100)
    mirostat.process(&candidates, context: &context)
    #expect(candidates.count == 2)
  }
}
