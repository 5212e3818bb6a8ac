import Foundation
import KelvinDecoding
import Testing

@Suite("stochastic beam search")
struct StochasticBeamSearchTests {
  /// The exact probability of every complete sequence of ``TableModel`` (ending in end or at
  /// `maxTokens` tokens) when each step samples from `softmax(log p / τ)`, that is
  /// `p^(1/τ) / Σ p^(1/τ)`: the distribution ancestral sampling at τ draws from.
  static func exactDistribution(maxTokens: Int, temperature: Double) -> [[Int]: Double] {
    var result: [[Int]: Double] = [:]
    func extend(_ tokens: [Int], _ probability: Double) {
      let raw = TableModel.probabilities(after: tokens).map { Foundation.pow($0, 1 / temperature) }
      let total = raw.reduce(0, +)
      for token in 0..<3 {
        let next = tokens + [token]
        let value = probability * raw[token] / total
        if token == 2 || next.count == maxTokens {
          result[next] = value
        } else {
          extend(next, value)
        }
      }
    }
    extend([], 1)
    return result
  }

  /// The exact probability that each sequence is among `k` drawn without replacement
  /// (successive sampling: each draw from the remaining mass, renormalised), by enumerating
  /// every ordered k-tuple: P(y₁, …, y_k) = Π_j p(y_j) / (1 − Σ_{i<j} p(y_i)).
  static func inclusionProbabilities(_ distribution: [[Int]: Double], k: Int) -> [[Int]: Double] {
    let items = Array(distribution)
    var inclusion = [[Int]: Double]()
    func draw(_ chosen: [Int], _ probability: Double, _ used: Double) {
      if chosen.count == k {
        for index in chosen { inclusion[items[index].key, default: 0] += probability }
        return
      }
      for index in items.indices where !chosen.contains(index) {
        let p = items[index].value
        draw(chosen + [index], probability * p / (1 - used), used + p)
      }
    }
    draw([], 1, 0)
    return inclusion
  }

  @Test("the sequences are distinct, in decreasing key order, complete, and reproducible")
  func distinctAndReproducible() throws {
    var model = TableModel()
    for seed in UInt64(0)..<200 {
      let beams = try stochasticBeamSearch(
        prompt: [], model: &model, width: 4, maxTokens: 3, temperature: 1, seed: seed)
      #expect(beams.count == 4)
      #expect(Set(beams.map(\.tokens)).count == 4)
      for (a, b) in zip(beams, beams.dropFirst()) { #expect(a.key >= b.key) }
      #expect(beams.allSatisfy { $0.tokens.last == 2 || $0.tokens.count == 3 })
      // The first key is the root's, 0: the maximum of all perturbed log-probabilities.
      #expect(beams.first?.key == 0)
      let again = try stochasticBeamSearch(
        prompt: [], model: &model, width: 4, maxTokens: 3, temperature: 1, seed: seed)
      #expect(again == beams)
    }
    // Asking for more sequences than exist returns all 15, once each.
    let all = try stochasticBeamSearch(
      prompt: [], model: &model, width: 40, maxTokens: 3, temperature: 0.5, seed: 9)
    #expect(all.count == 15)
    #expect(Set(all.map(\.tokens)) == Set(TableModel.exhaustive(maxTokens: 3).map(\.tokens)))
  }

  @Test("log-probabilities are the model's and the tempered ones, summed along the sequence")
  func logProbabilities() throws {
    var model = TableModel()
    let exact = Self.exactDistribution(maxTokens: 3, temperature: 0.7)
    let beams = try stochasticBeamSearch(
      prompt: [], model: &model, width: 15, maxTokens: 3, temperature: 0.7, seed: 4)
    let raw = Dictionary(
      uniqueKeysWithValues: TableModel.exhaustive(maxTokens: 3).map {
        ($0.tokens, $0.logprob)
      })
    for beam in beams {
      #expect(abs(beam.logprob - (raw[beam.tokens] ?? .nan)) < 1e-6)
      #expect(abs(beam.temperedLogprob - Foundation.log(exact[beam.tokens] ?? .nan)) < 1e-6)
    }
  }

  /// Inclusion and first-draw frequencies against the exact probabilities.
  ///
  /// Over M = 10,000 seeds per temperature, the frequency with which each of the 15 sequences
  /// is among the k = 3 drawn, and is the first drawn, matches the exact probability: each
  /// |f − π| ≤ 4 · √(π(1 − π)/M). A binomial z of 4 has two-sided p = 6.3e-5; over the
  /// 2 · 2 · 15 = 60 comparisons (Bonferroni) the chance that a correct sampler fails is below
  /// 0.4 %. The seeds are fixed, so the test is deterministic.
  @Test(
    "inclusion frequencies match the exact probabilities of sampling without replacement",
    arguments: [1.0, 0.7])
  func inclusionFrequencies(temperature: Double) throws {
    let draws = 10_000
    let k = 3
    let exact = Self.exactDistribution(maxTokens: 3, temperature: temperature)
    #expect(abs(exact.values.reduce(0, +) - 1) < 1e-12)
    let inclusion = Self.inclusionProbabilities(exact, k: k)
    #expect(abs(inclusion.values.reduce(0, +) - Double(k)) < 1e-9)
    var model = TableModel()
    var included = [[Int]: Int]()
    var first = [[Int]: Int]()
    for seed in 0..<draws {
      let beams = try stochasticBeamSearch(
        prompt: [], model: &model, width: k, maxTokens: 3, temperature: temperature,
        seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15)
      for beam in beams { included[beam.tokens, default: 0] += 1 }
      if let top = beams.first { first[top.tokens, default: 0] += 1 }
    }
    func agrees(_ count: Int, _ probability: Double) -> Bool {
      let frequency = Double(count) / Double(draws)
      return abs(frequency - probability)
        <= 4 * (probability * (1 - probability) / Double(draws)).squareRoot()
    }
    for (sequence, probability) in exact {
      #expect(agrees(included[sequence] ?? 0, inclusion[sequence] ?? 0), "\(sequence)")
      #expect(agrees(first[sequence] ?? 0, probability), "\(sequence)")
    }
  }

  @Test("the truncated Gumbel keeps the largest child at the parent's key")
  func childrenMaximumIsParentKey() throws {
    var model = FixedRowModel(row: [0.2, 0.5, 0.3])
    // Width 3 with one step: the three children of the root, whose largest key is the root's 0.
    for seed in UInt64(0)..<50 {
      let beams = try stochasticBeamSearch(
        prompt: [], model: &model, width: 3, maxTokens: 1, temperature: 1.3, seed: seed)
      #expect(beams.map(\.key).max() == 0)
      #expect(beams.allSatisfy { $0.key.isFinite })
    }
  }

  @Test("bad inputs are errors")
  func badInputs() {
    var model = TableModel()
    #expect(throws: DecodingError.invalidBeamWidth(0)) {
      try stochasticBeamSearch(
        prompt: [], model: &model, width: 0, maxTokens: 3, temperature: 1, seed: 0)
    }
    for temperature in [0, -1, Double.infinity, .nan] {
      #expect(throws: DecodingError.self) {
        try stochasticBeamSearch(
          prompt: [], model: &model, width: 2, maxTokens: 3, temperature: temperature, seed: 0)
      }
    }
  }
}
