import Foundation
import KelvinCore
import KelvinSampling
import Testing

@Suite("sampler chain")
struct SamplerChainTests {
  static let napkin: [Float] = [2.0, 1.0, 0.5, 0.1]

  func survivorsOf(_ specification: String, _ logits: [Float]) throws -> [Int] {
    var chain = try SamplerChain(specification: specification)
    let set = try logits.withUnsafeBufferPointer { try chain.process($0) }
    return set.candidateTokens.map(Int.init).sorted()
  }

  @Test("order matters: temperature before top_p differs from top_p before temperature")
  func orderEffects() throws {
    // z = [2, 1, 0]. At τ = 1, p = (0.665, 0.245, 0.090): top_p 0.8 keeps 2 tokens.
    // At τ = 0.5, p = (0.867, 0.117, 0.016): top_p 0.8 keeps 1.
    #expect(try survivorsOf("top_p=0.8;temperature=0.5", [2, 1, 0]) == [0, 1])
    #expect(try survivorsOf("temperature=0.5;top_p=0.8", [2, 1, 0]) == [0])
    // top_k is unaffected by temperature: dividing by τ > 0 keeps the order.
    #expect(
      try survivorsOf("top_k=2;temperature=0.3", [2, 1, 0, 3])
        == (try survivorsOf("temperature=0.3;top_k=2", [2, 1, 0, 3])))
  }

  @Test("the same seed gives the reference token sequence, bit for bit")
  func reproducibleSequence() throws {
    // tools/reference/random_reference.py: SamplingStream(42, 0, t) and the inverse-CDF draw
    // over [2, 1, 0.5, 0.1], for t = 0…19.
    let expected = [0, 0, 1, 0, 0, 0, 3, 0, 2, 0, 2, 0, 1, 2, 0, 0, 0, 0, 1, 0]
    var chain = try SamplerChain(specification: "dist", seed: 42)
    let drawn = try (0..<20).map { _ in
      try Self.napkin.withUnsafeBufferPointer { try chain.sample($0).token }
    }
    #expect(drawn == expected)
  }

  @Test("streams depend on (seed, sequence, step) only: a batch equals one at a time")
  func counterBasedStreams() throws {
    var generator = SamplingStream.generator(seed: 42, sequence: 3, step: 5)
    // tools/reference/random_reference.py: stream(42, 3, 5).
    #expect(generator.next() == 0x4cc3_2bf7_6d17_931b)
    #expect(generator.next() == 0x756c_5b34_2e5d_8432)
    // Interleaving two sequences gives each the tokens it gets alone.
    func run(_ sequence: UInt64, steps: Int) throws -> [Int] {
      var chain = try SamplerChain(
        specification: "temperature=1.5;dist", seed: 9, sequence: sequence)
      return try (0..<steps).map { _ in
        try Self.napkin.withUnsafeBufferPointer { try chain.sample($0).token }
      }
    }
    var a = try SamplerChain(specification: "temperature=1.5;dist", seed: 9, sequence: 0)
    var b = try SamplerChain(specification: "temperature=1.5;dist", seed: 9, sequence: 1)
    var interleavedA: [Int] = []
    var interleavedB: [Int] = []
    for _ in 0..<30 {
      interleavedB.append(try Self.napkin.withUnsafeBufferPointer { try b.sample($0).token })
      interleavedA.append(try Self.napkin.withUnsafeBufferPointer { try a.sample($0).token })
    }
    #expect(interleavedA == (try run(0, steps: 30)))
    #expect(interleavedB == (try run(1, steps: 30)))
  }

  @Test("dist matches softmax: χ² over 100,000 draws, 3 degrees of freedom, α = 0.001")
  func chiSquare() throws {
    let logits: [Float] = [2.0, 1.0, 0.5, 0.1]
    let expected = Reference.softmax(logits)
    var chain = try SamplerChain(specification: "dist", seed: 2026)
    var counts = [Int](repeating: 0, count: 4)
    let draws = 100_000
    try logits.withUnsafeBufferPointer { buffer in
      for _ in 0..<draws { counts[try chain.sample(buffer).token] += 1 }
    }
    var statistic = 0.0
    for (observed, p) in zip(counts, expected) {
      let e: Double = p * Double(draws)
      let difference: Double = Double(observed) - e
      statistic += difference * difference / e
    }
    // The χ²(3) critical value at α = 0.001 is 16.266.
    #expect(statistic < 16.266)
  }

  @Test("greedy takes the maximum, the lowest id among ties, with no randomness")
  func greedy() throws {
    var chain = try SamplerChain(specification: "greedy", seed: 1)
    let token = try [Float(1), 3, 2, 3].withUnsafeBufferPointer { try chain.sample($0).token }
    #expect(token == 1)
    #expect(throws: SamplingError.self) { try SamplerChain(specification: "greedy;top_k=2") }
  }

  @Test("log-probabilities: processed among survivors, raw over everything, top alternatives")
  func logProbabilities() throws {
    // top_k=2 keeps z = 2 and 1: processed p(token 0) = e / (e + 1);
    // raw log p = z − log Σ exp(z) over all four tokens.
    var chain = try SamplerChain(specification: "top_k=2;greedy")
    let sampled = try Self.napkin.withUnsafeBufferPointer { try chain.sample($0, topLogprobs: 3) }
    #expect(sampled.token == 0)
    #expect(abs((sampled.processedLogprob ?? 0) - Foundation.log(M_E / (M_E + 1))) < 1e-6)
    let logSum = Foundation.log(Self.napkin.map { Foundation.exp(Double($0)) }.reduce(0, +))
    #expect(abs((sampled.rawLogprob ?? 0) - (2 - logSum)) < 1e-6)
    #expect(sampled.topLogprobs.map(\.token) == [0, 1, 2])
    #expect(abs(sampled.topLogprobs[2].logprob - (Double(Float(0.5)) - logSum)) < 1e-6)
  }

  @Test("masked, NaN and +inf logits; everything banned")
  func badLogits() throws {
    var chain = try SamplerChain(specification: "dist")
    let masked: [Float] = [-.infinity, 0, -.infinity]
    let token = try masked.withUnsafeBufferPointer { try chain.sample($0).token }
    #expect(token == 1)
    #expect(throws: KelvinError.self) {
      try [Float.nan, 0].withUnsafeBufferPointer { try chain.sample($0) }
    }
    #expect(throws: KelvinError.self) {
      try [Float.infinity, 0].withUnsafeBufferPointer { try chain.sample($0) }
    }
    var banned = try SamplerChain(specification: "logit_bias(0:-inf,1:-inf)")
    #expect(throws: SamplingError.noCandidates(after: "logit_bias(0:-inf,1:-inf)")) {
      try [Float(0), 0].withUnsafeBufferPointer { try banned.sample($0) }
    }
  }

  @Test("stateful processors learn accepted tokens and forget them on reset")
  func statefulChain() throws {
    var chain = try SamplerChain(specification: "penalties(last_n=8,presence=10);greedy")
    let logits: [Float] = [1, 0.9, 0.8]
    let first = try logits.withUnsafeBufferPointer { try chain.sample($0).token }
    let second = try logits.withUnsafeBufferPointer { try chain.sample($0).token }
    // Token 0 wins, is penalised by 10, so token 1 wins next.
    #expect(first == 0 && second == 1)
    chain.reset()
    #expect(try logits.withUnsafeBufferPointer { try chain.sample($0).token } == 0)
  }

  @Test("specifications parse in every form, and name the bad item otherwise")
  func parsing() throws {
    let chain = try SamplerChain(
      specification:
        "penalties(last_n=64,repeat=1.1);top_k=40, top_p=0.95;min_p(p=0.05,min_keep=2);xtc(probability=0.5,threshold=0.1);dry(breakers=3|5:6);logit_bias(3:-1.5,7:-inf);temperature=0.7;greedy"
    )
    #expect(chain.processors.count == 8)
    #expect(chain.choice == .greedy)
    #expect(chain.specification.hasPrefix("penalties(last_n=64,repeat=1.1,"))
    // Round trip: a chain's specification parses to the same specification.
    #expect(
      try SamplerChain(specification: chain.specification).specification == chain.specification)
    let cases: [(String, String)] = [
      ("top_q=3", "top_q=3: unknown processor 'top_q' (did you mean 'top_k'?)"),
      ("top_p(q=0.5)", "top_p(q=0.5): top_p has no parameter 'q' (did you mean 'p'?)"),
      ("top_p=abc", "top_p=abc: p must be a number in [0, 1] (1 disables), got 'abc'"),
      ("top_k=40;;top_p=0.9", "'top_k=40;;top_p=0.9' has an empty item (character 10)"),
      ("top_p(p=0.5", "'top_p(p=0.5' has '(' without its ')' (after 'top_p')"),
      ("temperature=-1", "temperature=-1: temperature must be a number ≥ 0"),
      ("dist;top_k=1", "dist: dist chooses the token, so it must be the last item"),
      ("top_k(5,k=3)", "top_k(5,k=3): k is given by position and by name"),
    ]
    for (specification, message) in cases {
      do {
        _ = try SamplerChain(specification: specification)
        Issue.record("'\(specification)' parsed")
      } catch {
        #expect("\(error)".hasPrefix(message), "\(error)")
      }
    }
  }

  @Test("presets reproduce the anchors' orders and defaults, and differ where order matters")
  func presets() throws {
    let llama = try SamplerChain(preset: .llama)
    #expect(
      llama.processors.map { $0.specification.prefix { $0 != "(" && $0 != "=" } } == [
        "penalties", "dry", "top_n_sigma", "top_k", "typical_p", "top_p", "min_p", "xtc",
        "temperature",
      ])
    let hf = try SamplerChain(preset: .hf)
    #expect(
      hf.processors.map { $0.specification.prefix { $0 != "(" && $0 != "=" } } == [
        "penalties", "temperature", "top_k", "top_p", "min_p", "typical_p", "epsilon", "eta",
      ])
    // Same settings, τ = 0.5 and top-p 0.8 on z = [2, 1, 0]: llama truncates before the
    // temperature (2 survivors), transformers after it (1 survivor).
    var settings = SamplerSettings()
    settings.temperature = 0.5
    settings.topP = 0.8
    settings.minP = 0
    func count(_ preset: SamplerPreset) throws -> Int {
      var chain = try SamplerChain(preset: preset, settings: settings)
      return try [Float(2), 1, 0].withUnsafeBufferPointer { try chain.process($0).count }
    }
    #expect(try count(.llama) == 2)
    #expect(try count(.hf) == 1)
  }
}

/// softmax in Double from the definition.
enum Reference {
  static func softmax(_ logits: [Float]) -> [Double] {
    let weights = logits.map { Foundation.exp(Double($0)) }
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
  }
}
