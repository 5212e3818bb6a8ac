import Foundation
import KelvinCore
import Testing

@Suite("entropy and perplexity")
struct EntropyTests {
  @Test("a fair coin has 1 bit, ln 2 nats and perplexity 2")
  func fairCoin() throws {
    #expect(try entropy(of: [0.5, 0.5]) == Foundation.log(2))
    #expect(relativeError(try entropy(of: [0.5, 0.5], unit: .bits), 1) < 1e-15)
    #expect(relativeError(try perplexity(of: [0.5, 0.5]), 2) < 1e-15)
  }

  @Test("one-hot has entropy 0 and perplexity 1")
  func oneHot() throws {
    #expect(try entropy(of: [0.0, 1, 0]) == 0)
    #expect(try perplexity(of: [Float(0), 1]) == 1)
  }

  @Test("matches -Σ p log p on random distributions")
  func matchesDefinition() throws {
    for seed: UInt64 in 1...10 {
      let p = Reference.softmax(gaussianLogits(count: 40, sigma: 2, seed: seed), temperature: 1)
      #expect(relativeError(try entropy(of: p), Reference.entropy(p)) < 1e-13)
    }
  }

  @Test("H(softmax(z/τ)) ≤ log n, with equality at τ = ∞")
  func boundedByLogN() throws {
    let logits = gaussianLogits(count: 100, sigma: 3, seed: 21)
    let logN = Foundation.log(100.0)
    for temperature in [0.1, 1, 10, 1e6] {
      #expect(try entropy(of: logits.softmax(temperature: temperature)) <= logN + 1e-12)
    }
    #expect(abs(try entropy(of: logits.softmax(temperature: .infinity)) - logN) < 1e-12)
  }

  @Test("invalid probability vectors are rejected with the field and value")
  func invalidVectors() {
    #expect(throws: KelvinError.emptyInput(field: "p")) { try entropy(of: [Double]()) }
    #expect(throws: KelvinError.invalidProbability(field: "p", index: 1, value: -0.1)) {
      try entropy(of: [0.5, -0.1, 0.6])
    }
    #expect(throws: KelvinError.probabilitiesNotNormalized(field: "p", sum: 0.75, tolerance: 1e-4))
    {
      try entropy(of: [0.5, 0.25])
    }
    #expect(throws: KelvinError.self) { try entropy(of: [Double.nan, 1]) }
    #expect(throws: KelvinError.invalidProbability(field: "p", index: 0, value: 1.1)) {
      try entropy(of: [1.1, -0.1])
    }
  }
}
