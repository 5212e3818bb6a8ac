import Foundation
import KelvinCore
import KelvinExploration
import Testing

@Suite("Boltzmann policy")
struct BanditPolicyTests {
  @Test("probabilities equal the softmax of the values over τ")
  func probabilities() throws {
    let values = [0.2, 1.5, -0.3, 0.9]
    for tau in [0.1, 1, 5] {
      let p = try BoltzmannPolicy.probabilities(values: values, temperature: tau)
      let weights = values.map { exp($0 / tau) }
      let total = weights.reduce(0, +)
      for (a, b) in zip(p, weights.map { $0 / total }) { #expect(abs(a - b) < 1e-12) }
    }
    #expect(throws: KelvinError.invalidTemperature(-1)) {
      try BoltzmannPolicy.probabilities(values: values, temperature: -1)
    }
  }

  @Test("τ → 0 picks the best arm; τ = 0 breaks ties uniformly (χ², 1 dof, α = 0.001)")
  func greedyLimit() throws {
    var policy = try BoltzmannPolicy(schedule: .constant(1e-6))
    policy.reset(arms: 3)
    policy.learn(arm: 1, reward: 2)
    var random = Xoshiro256StarStar(seed: 1)
    for _ in 0..<100 { #expect(try policy.choose(step: 0, random: &random) == 1) }
    var tied = try BoltzmannPolicy(schedule: .constant(0))
    tied.reset(arms: 3)
    tied.learn(arm: 0, reward: 1)
    tied.learn(arm: 2, reward: 1)
    var counts = [0, 0, 0]
    for _ in 0..<10_000 { counts[try tied.choose(step: 0, random: &random)] += 1 }
    #expect(counts[1] == 0)
    // Expected 5,000 each; χ² with 1 degree of freedom, critical value 10.83 at α = 0.001.
    let chi =
      Double((counts[0] - 5000) * (counts[0] - 5000) + (counts[2] - 5000) * (counts[2] - 5000))
      / 5000
    #expect(chi < 10.83)
  }

  @Test("τ → ∞ is uniform over the arms (χ², 9 dof, α = 0.001)")
  func uniformLimit() throws {
    var policy = try BoltzmannPolicy(schedule: .constant(1e9))
    policy.reset(arms: 10)
    policy.learn(arm: 3, reward: 5)
    var random = Xoshiro256StarStar(seed: 2)
    var counts = [Int](repeating: 0, count: 10)
    for _ in 0..<20_000 { counts[try policy.choose(step: 0, random: &random)] += 1 }
    let chi = counts.map { Double(($0 - 2000) * ($0 - 2000)) / 2000 }.reduce(0, +)
    // The χ²(9) critical value at α = 0.001 is 27.88.
    #expect(chi < 27.88)
  }

  @Test("a gradient bandit whose preferences overflow reports the divergence, not arm 0")
  func divergenceIsAnError() {
    // α = 1e308 makes the first update ±1e308·advantage, which overflows to ±inf.
    var policy = GradientBanditPolicy(alpha: 1e308)
    policy.reset(arms: 3)
    var random = Xoshiro256StarStar(seed: 3)
    #expect(throws: ExplorationError.self) {
      for step in 0..<100 {
        let arm = try policy.choose(step: step, random: &random)
        policy.learn(arm: arm, reward: 10)
      }
    }
  }
}
