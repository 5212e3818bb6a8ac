import Foundation
import KelvinCore
import KelvinExploration
import Testing

@Suite("temperature schedules")
struct ScheduleTests {
  @Test("each schedule matches its formula")
  func formulas() {
    #expect(TemperatureSchedule.constant(0.3).temperature(at: 999) == 0.3)
    // linear(2, 0.5, 100): at t = 40, 2 + (0.5 − 2)·0.4 = 1.4; flat after 100.
    #expect(
      abs(TemperatureSchedule.linear(start: 2, end: 0.5, steps: 100).temperature(at: 40) - 1.4)
        < 1e-12)
    #expect(TemperatureSchedule.linear(start: 2, end: 0.5, steps: 100).temperature(at: 500) == 0.5)
    // exp(1, 0.995) at t = 200: 0.995^200 = 0.36696.
    #expect(
      abs(
        TemperatureSchedule.exponential(start: 1, decay: 0.995).temperature(at: 200)
          - pow(0.995, 200)) < 1e-15)
    // invlog(1) at t = 0: 1 / ln 2; at t = 8: 1 / ln 10.
    #expect(abs(TemperatureSchedule.inverseLog(1).temperature(at: 0) - 1 / log(2.0)) < 1e-15)
    #expect(abs(TemperatureSchedule.inverseLog(1).temperature(at: 8) - 1 / log(10.0)) < 1e-15)
    // cosine(1, 0.1, 100): start at t = 0, midpoint 0.55 at t = 50, end at 100 and after.
    let cosine = TemperatureSchedule.cosine(start: 1, end: 0.1, steps: 100)
    #expect(abs(cosine.temperature(at: 0) - 1) < 1e-15)
    #expect(abs(cosine.temperature(at: 50) - 0.55) < 1e-12)
    #expect(
      abs(cosine.temperature(at: 100) - 0.1) < 1e-12
        && abs(cosine.temperature(at: 300) - 0.1) < 1e-12)
    let piecewise = TemperatureSchedule.piecewise([(0, 1), (100, 0.5), (500, 0.1)])
    #expect(piecewise.temperature(at: 0) == 1 && piecewise.temperature(at: 99) == 1)
    #expect(piecewise.temperature(at: 100) == 0.5 && piecewise.temperature(at: 10_000) == 0.1)
  }

  @Test("schedules and policies parse from their specifications")
  func parsing() throws {
    #expect(
      try PolicySpecification.schedule("exp(1.0,0.995)") == .exponential(start: 1, decay: 0.995))
    #expect(
      try PolicySpecification.schedule("piecewise(500:0.1,0:1)")
        == .piecewise([(0, 1), (500, 0.1)]))
    let policies = try PolicySpecification.parse(
      "boltzmann(tau=0.1),boltzmann(schedule=exp(1.0,0.995)),egreedy(0.1),ucb(2),gradient(0.1)")
    #expect(
      policies.map(\.name) == [
        "boltzmann(tau=0.1)", "boltzmann(schedule=exp(1,0.995))", "egreedy(0.1)", "ucb(2)",
        "gradient(0.1)",
      ])
    #expect(throws: PolicySpecification.ParseError.self) {
      try PolicySpecification.parse("softmax(1)")
    }
    #expect(throws: PolicySpecification.ParseError.self) {
      try PolicySpecification.parse("egreedy(2)")
    }
    #expect(throws: PolicySpecification.ParseError.self) {
      try PolicySpecification.parse("boltzmann(schedule=exp(1")
    }
  }
}

@Suite("Boltzmann policy")
struct BoltzmannPolicyTests {
  @Test("probabilities equal the softmax of the values over τ")
  func probabilities() throws {
    let values = [0.2, 1.5, -0.3, 0.9]
    for tau in [0.1, 1, 5] {
      let p = BoltzmannPolicy.probabilities(values: values, temperature: tau)
      let weights = values.map { exp($0 / tau) }
      let total = weights.reduce(0, +)
      for (a, b) in zip(p, weights.map { $0 / total }) { #expect(abs(a - b) < 1e-12) }
    }
  }

  @Test("τ → 0 picks the best arm; τ = 0 breaks ties uniformly (χ², 1 dof, α = 0.001)")
  func greedyLimit() {
    var policy = BoltzmannPolicy(schedule: .constant(1e-6))
    policy.reset(arms: 3)
    policy.learn(arm: 1, reward: 2)
    var random = Xoshiro256StarStar(seed: 1)
    #expect((0..<100).allSatisfy { _ in policy.choose(step: 0, random: &random) == 1 })
    var tied = BoltzmannPolicy(schedule: .constant(0))
    tied.reset(arms: 3)
    tied.learn(arm: 0, reward: 1)
    tied.learn(arm: 2, reward: 1)
    var counts = [0, 0, 0]
    for _ in 0..<10_000 { counts[tied.choose(step: 0, random: &random)] += 1 }
    #expect(counts[1] == 0)
    // Expected 5,000 each; χ² with 1 degree of freedom, critical value 10.83 at α = 0.001.
    let chi =
      Double((counts[0] - 5000) * (counts[0] - 5000) + (counts[2] - 5000) * (counts[2] - 5000))
      / 5000
    #expect(chi < 10.83)
  }

  @Test("τ → ∞ is uniform over the arms (χ², 9 dof, α = 0.001)")
  func uniformLimit() {
    var policy = BoltzmannPolicy(schedule: .constant(1e9))
    policy.reset(arms: 10)
    policy.learn(arm: 3, reward: 5)
    var random = Xoshiro256StarStar(seed: 2)
    var counts = [Int](repeating: 0, count: 10)
    for _ in 0..<20_000 { counts[policy.choose(step: 0, random: &random)] += 1 }
    let chi = counts.map { Double(($0 - 2000) * ($0 - 2000)) / 2000 }.reduce(0, +)
    // The χ²(9) critical value at α = 0.001 is 27.88.
    #expect(chi < 27.88)
  }
}

@Suite("bandit testbed")
struct BanditTestbedTests {
  @Test("reproducible for a seed, and identical serial and parallel")
  func reproducible() {
    let testbed = BanditTestbed(arms: 10, runs: 60, steps: 200, seed: 5)
    let policy = BoltzmannPolicy(schedule: .exponential(start: 1, decay: 0.99))
    let serial = testbed.run(policy, threads: 1)
    #expect(serial == testbed.run(policy, threads: 1))
    #expect(serial == testbed.run(policy, threads: 2))
    #expect(serial == testbed.run(policy, threads: 3))
    #expect(
      serial != BanditTestbed(arms: 10, runs: 60, steps: 200, seed: 6).run(policy, threads: 1))
  }

  @Test("ε-greedy with ε = 0.1 reaches Sutton and Barto's ballpark")
  func epsilonGreedyBallpark() {
    // Sutton and Barto (figure 2.2): ε = 0.1 reaches about 1.35 average reward and more than
    // 80% optimal action by step 1,000. Here 300 runs; over steps 900–1000 the standard error
    // of the mean reward is about 0.5 / √300 ≈ 0.03 (the spread of max q* across runs), so
    // [1.2, 1.5] is about ±5 standard errors; % optimal must exceed 70%.
    let curve = BanditTestbed(arms: 10, runs: 300, steps: 1000, seed: 11).run(
      EpsilonGreedyPolicy(epsilon: .constant(0.1)), threads: 2)
    let lateReward = curve.averageReward[899...].reduce(0, +) / 101
    let lateOptimal = curve.optimalActionFraction[899...].reduce(0, +) / 101
    #expect(lateReward > 1.2 && lateReward < 1.5)
    #expect(lateOptimal > 0.7)
  }
}
