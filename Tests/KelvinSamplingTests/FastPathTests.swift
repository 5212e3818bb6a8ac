import Foundation
import KelvinCore
import Testing

@testable import KelvinSampling

/// The fast processors against straightforward reference versions written here from the
/// definitions (plain loops, a full sort, probabilities in Double), on many random inputs with
/// ties, masked tokens, and tiny and huge temperatures.
@Suite("fast paths against the straightforward implementation")
struct FastPathTests {
  /// A straightforward chain step on (token, logit) pairs.
  enum Straightforward {
    typealias Pair = (token: Int, logit: Float)

    static func sorted(_ pairs: [Pair]) -> [Pair] {
      pairs.sorted { $0.logit > $1.logit || ($0.logit == $1.logit && $0.token < $1.token) }
    }

    /// Division in Float; when `max / t` overflows Float (or Float(t) is not normal), the
    /// logits are shifted by their maximum in Double first, as `temperature` documents.
    static func temperature(_ pairs: [Pair], _ t: Double) -> [Pair] {
      let maximum = Double(pairs.map(\.logit).max() ?? 0)
      guard abs(maximum / t) < Double(Float.greatestFiniteMagnitude), Float(t).isNormal else {
        return pairs.map { ($0.token, Float((Double($0.logit) - maximum) / t)) }
      }
      return pairs.map { ($0.token, $0.logit / Float(t)) }
    }

    static func topK(_ pairs: [Pair], _ k: Int) -> [Pair] {
      k <= 0 || k >= pairs.count ? pairs : Array(sorted(pairs).prefix(k))
    }

    static func minP(_ pairs: [Pair], _ p: Double) -> [Pair] {
      let maximum = pairs.map(\.logit).max() ?? 0
      let threshold = Double(maximum) + Foundation.log(p)
      let kept = pairs.filter { Double($0.logit) >= threshold }
      return kept.isEmpty ? Array(sorted(pairs).prefix(1)) : kept
    }

    static func greedy(_ pairs: [Pair]) -> Int { sorted(pairs)[0].token }
  }

  static func randomLogits(_ seed: UInt64, count: Int, masked: Bool = true) -> [Float] {
    var generator = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { index in
      let u = generator.nextUnitInterval()
      if masked && index % 97 == 5 { return -.infinity }  // masked tokens
      // Every third vector is coarse, so that many logits tie exactly.
      return seed % 3 == 0 ? Float(Int(u * 40)) / 4 : Float((u - 0.5) * 20)
    }
  }

  func fast(_ specification: String, _ logits: [Float]) throws -> [Int] {
    var chain = try SamplerChain(specification: specification)
    let set = try logits.withUnsafeBufferPointer { try chain.process($0) }
    return set.candidateTokens.map(Int.init).sorted()
  }

  func pairs(_ logits: [Float]) -> [Straightforward.Pair] {
    logits.enumerated().filter { $0.element != -.infinity }.map { ($0.offset, $0.element) }
  }

  @Test("temperature then top_k, and min_p, equal the straightforward versions", arguments: 0..<30)
  func truncations(seed: UInt64) throws {
    // 3,000 tokens: large enough for every vectorised and selection path.
    let logits = Self.randomLogits(seed, count: 3000)
    for t in [1e-3, 0.7, 1, 3, 1e3] {
      for k in [1, 5, 40, 500] {
        let expected = Straightforward.topK(Straightforward.temperature(pairs(logits), t), k)
          .map(\.token).sorted()
        #expect(try fast("temperature=\(t);top_k=\(k)", logits) == expected)
      }
      for p in [0.01, 0.05, 0.3, 0.9] {
        let expected = Straightforward.minP(Straightforward.temperature(pairs(logits), t), p)
          .map(\.token).sorted()
        #expect(try fast("temperature=\(t);min_p=\(p)", logits) == expected)
        // min_p first takes the fused path (one scan, one selecting pass).
        let minPFirst = Straightforward.temperature(Straightforward.minP(pairs(logits), p), t)
          .map(\.token).sorted()
        #expect(try fast("min_p=\(p);temperature=\(t)", logits) == minPFirst)
        #expect(try fast("min_p(p=\(p),min_keep=2000)", logits).count == 2000)
      }
    }
  }

  @Test(
    "fused temperature → top_k leaves the divided logits in logit order, also when fewer than k are unmasked",
    arguments: 0..<10)
  func fusedValues(seed: UInt64) throws {
    var logits = Self.randomLogits(seed, count: 2000)
    if seed % 2 == 1 {
      // Only 30 unmasked tokens: fewer than k = 40.
      for index in logits.indices where index % 67 != 0 { logits[index] = -.infinity }
    }
    for t in [1e-3, 0.7, 3] {
      var chain = try SamplerChain(specification: "temperature=\(t);top_k=40")
      let set = try logits.withUnsafeBufferPointer { try chain.process($0) }
      let expected = Straightforward.topK(
        Straightforward.sorted(Straightforward.temperature(pairs(logits), t)), 40)
      #expect(set.candidateTokens.map(Int.init) == expected.map(\.token))
      #expect(Array(set.candidateLogits) == expected.map(\.logit))
    }
  }

  @Test(
    "top_k on a set in token order (not fused) equals the straightforward version",
    arguments: 0..<10)
  func unfusedTopK(seed: UInt64) throws {
    var logits = Self.randomLogits(seed, count: 3000)
    if seed % 2 == 1 {
      // 300 unmasked tokens: k = 40 then takes the sorting path, k = 300 keeps everything.
      for index in logits.indices where index % 10 != 0 { logits[index] = -.infinity }
    }
    for k in [1, 7, 40, 300] {
      // Unfused, top_k runs on the loaded set in token order.
      var chain = try unfusedChain("temperature=0.7;top_k=\(k)")
      let set = try logits.withUnsafeBufferPointer { try chain.process($0) }
      let expected = Straightforward.topK(
        Straightforward.sorted(Straightforward.temperature(pairs(logits), 0.7)), k)
      if k >= expected.count {
        // Nothing to cut: the set keeps its order, so compare as sets.
        #expect(set.candidateTokens.map(Int.init).sorted() == expected.map(\.token).sorted())
      } else {
        #expect(set.candidateTokens.map(Int.init) == expected.map(\.token))
        #expect(Array(set.candidateLogits) == expected.map(\.logit))
      }
    }
  }

  @Test(
    "top_p's supersets (the tail threshold, then the buckets) equal sorting everything",
    arguments: 0..<30)
  func topP(seed: UInt64) throws {
    // 5,000 tokens: the tail threshold alone leaves fewer than 2,048; 40,000: the bucket
    // histogram runs on what it leaves.
    let logits = Self.randomLogits(seed, count: seed % 2 == 0 ? 5000 : 40_000)
    for p in [0.1, 0.5, 0.9, 0.95, 0.999] {
      #expect(try fast("top_p=\(p)", logits) == nucleus(logits, t: 1, p: p))
    }
  }

  /// The nucleus by definition of `logits` divided by `t` (in Float, as `temperature`
  /// divides): ``referenceNucleus(_:p:minimumKeep:)``.
  func nucleus(_ logits: [Float], t: Double, p: Double, minimumKeep: Int = 1) -> [Int] {
    var divided = [Float](repeating: -.infinity, count: logits.count)  // masks stay masked
    for pair in Straightforward.temperature(pairs(logits), t) { divided[pair.token] = pair.logit }
    return referenceNucleus(divided, p: p, minimumKeep: minimumKeep)
  }

  @Test(
    "[temperature] top_p loaded from the raw logits equals the processors one after another and the definition",
    arguments: 0..<6)
  func fusedTopP(seed: UInt64) throws {
    // No masks (the shortcut's case); every third vector has many exact ties.
    var logits = Self.randomLogits(seed, count: seed % 2 == 0 ? 5000 : 40_000, masked: false)
    if seed % 3 == 1 {
      for index in logits.indices { logits[index] *= 1e29 }  // logits near ±1e30
    }
    for t in [1e-30, 0.7, 3, 1e30] {
      for (p, minimumKeep) in [(0, 1), (0.5, 1), (0.9, 1), (0.95, 1), (0.95, 3000), (0.998, 1)] {
        let processor = "top_p(p=\(p),min_keep=\(minimumKeep))"
        var fused = try SamplerChain(specification: "temperature=\(t);\(processor)")
        var unfused = try unfusedChain("temperature=\(t);\(processor)")
        let a = try logits.withUnsafeBufferPointer { try fused.process($0) }
        let b = try logits.withUnsafeBufferPointer { try unfused.process($0) }
        #expect(Array(a.candidateTokens) == Array(b.candidateTokens), "t \(t) p \(p)")
        #expect(
          Array(a.candidateLogits).map(\.bitPattern) == Array(b.candidateLogits).map(\.bitPattern))
        let fusedTokens = a.candidateTokens.map(Int.init).sorted()
        let expected = nucleus(logits, t: t, p: p, minimumKeep: minimumKeep)
        #expect(
          fusedTokens == expected,
          "t \(t) p \(p) min_keep \(minimumKeep): \(fusedTokens.count) vs \(expected.count), differing \(Set(fusedTokens).symmetricDifference(expected).sorted().prefix(5))"
        )
      }
    }
    // Without a temperature, and drawing: the same token from both chains for every step.
    for step in 0..<5 {
      var fused = try SamplerChain(specification: "top_p=0.9;dist", seed: UInt64(step))
      var unfused = try unfusedChain("top_p=0.9;dist", seed: UInt64(step))
      let a = try logits.withUnsafeBufferPointer { try fused.sample($0) }
      let b = try logits.withUnsafeBufferPointer { try unfused.sample($0) }
      #expect(a.token == b.token)
    }
  }

  @Test(
    "every fused front reports NaN and +inf with their index, and an all-masked vector",
    arguments: [
      "temperature=0.7;top_k=40", "min_p=0.05", "temperature=0.7;top_p=0.9", "top_p=0.9",
      "top_p=0;dist",
    ])
  func fusedErrors(specification: String) throws {
    for bad in [Float.nan, .infinity] {
      var logits = Self.randomLogits(3, count: 5000, masked: false)
      logits[4321] = bad
      var chain = try SamplerChain(specification: specification)
      do {
        _ = try logits.withUnsafeBufferPointer { try chain.process($0) }
        Issue.record("no error for \(bad)")
      } catch KelvinError.invalidLogit(let index, let value) {
        #expect(index == 4321)
        #expect(value.isNaN == bad.isNaN && (bad.isNaN || value == Double(bad)))
      }
    }
    var chain = try SamplerChain(specification: specification)
    let masked = [Float](repeating: -.infinity, count: 5000)
    #expect(throws: KelvinError.everyLogitMasked(count: 5000)) {
      try masked.withUnsafeBufferPointer { try chain.process($0) }
    }
  }

  @Test(
    "[temperature] top_k with keep_ties, fused, keeps every token tied with the k-th, as the definition",
    arguments: 0..<20)
  func fusedTopKKeepingTies(seed: UInt64) throws {
    // Coarse vectors (seed % 3 == 0) tie at the boundary often; 1e-30 and 1e30 take the
    // shifting plans, which the fused pass leaves to the processors.
    let logits = Self.randomLogits(seed, count: 3000)
    for t in [1e-30, 1e-3, 0.7, 1, 3, 1e30] {
      for k in [1, 5, 40, 300] {
        // Definition (transformers' TopKLogitsWarper): keep every processed logit ≥ the k-th.
        let divided = Straightforward.sorted(Straightforward.temperature(pairs(logits), t))
          .filter { $0.logit > -.infinity }
        let boundary = divided[min(k, divided.count) - 1].logit
        let expected = divided.filter { $0.logit >= boundary }.map(\.token).sorted()
        let chain = "temperature=\(t);top_k(k=\(k),keep_ties=1)"
        #expect(try fast(chain, logits) == expected, "t \(t) k \(k)")
        var fused = try SamplerChain(specification: chain)
        var unfused = try unfusedChain(chain)
        let a = try logits.withUnsafeBufferPointer { try fused.process($0) }
        let b = try logits.withUnsafeBufferPointer { try unfused.process($0) }
        #expect(Array(a.candidateTokens) == Array(b.candidateTokens), "t \(t) k \(k)")
        #expect(
          Array(a.candidateLogits).map(\.bitPattern) == Array(b.candidateLogits).map(\.bitPattern))
      }
    }
  }

  @Test(
    "identity processors are skipped: the chain with them draws what the chain without them draws, by the fused path",
    arguments: [
      (
        "penalties(repeat=1);dry(multiplier=0);top_n_sigma(n=0);top_k=40;typical_p=1;xtc(probability=0);temperature=0.7",
        "top_k=40;temperature=0.7"
      ),
      (
        "penalties(last_n=0,repeat=1.3);temperature=1;top_k(k=50,keep_ties=1);top_p=1;min_p=0;epsilon=0;eta=0",
        "top_k(k=50,keep_ties=1)"
      ),
      (
        "logit_bias;allowed_tokens;bad_words;min_tokens(n=0,eos=3);no_repeat_ngram=0;min_p=0.05;temperature=0.7",
        "min_p=0.05;temperature=0.7"
      ),
      (
        "dynamic_temperature(temperature=1,delta=0);temperature=0.7;top_p=0.95",
        "temperature=0.7;top_p=0.95"
      ),
    ])
  func identitiesSkipped(with: String, without: String) throws {
    let logits = Self.randomLogits(7, count: 5000, masked: false)
    var long = try SamplerChain(specification: with, seed: 9)
    var short = try SamplerChain(specification: without, seed: 9)
    var reference = try unfusedChain(with, seed: 9)
    reference.working = Array(reference.stages.indices)  // every processor runs
    #expect(long.working.count == short.processors.count)
    let fused = try logits.withUnsafeBufferPointer { try long.fusedFront($0) }
    #expect(fused != .notApplied, "\(with)")
    for step in 0..<20 {
      let a = try logits.withUnsafeBufferPointer { try long.sample($0) }
      let b = try logits.withUnsafeBufferPointer { try short.sample($0) }
      let c = try logits.withUnsafeBufferPointer { try reference.sample($0) }
      #expect(a.token == b.token && a.token == c.token, "step \(step)")
      #expect(a.processedLogprob == c.processedLogprob)
    }
    // The specification still lists every processor.
    #expect(long.specification == (try SamplerChain(specification: with)).specification)
  }

  @Test("both presets, with their defaults, start with a fused pass at 128,256 tokens")
  func presetsRunFused() throws {
    let logits = Self.randomLogits(2, count: 128_256, masked: false)
    for preset in SamplerPreset.allCases {
      var chain = try SamplerChain(preset: preset)
      let fused = try logits.withUnsafeBufferPointer { try chain.fusedFront($0) }
      #expect(fused == .applied(processors: 1), "\(preset)")
    }
  }

  @Test("greedy equals the straightforward argmax, lowest id among ties", arguments: 0..<30)
  func greedy(seed: UInt64) throws {
    let logits = Self.randomLogits(seed, count: 2000)
    var chain = try SamplerChain(specification: "greedy")
    let token = try logits.withUnsafeBufferPointer { try chain.draw($0, logprobs: false).token }
    #expect(token == Straightforward.greedy(pairs(logits)))
  }
}
