import Foundation
import KelvinCore
import KelvinExploration
import Testing

@Suite("bandit testbed")
struct BanditTestbedTests {
  @Test("reproducible for a seed, and identical serial and parallel")
  func reproducible() throws {
    let testbed = BanditTestbed(arms: 10, runs: 60, steps: 200, seed: 5)
    let policy = try BoltzmannPolicy(schedule: .exponential(start: 1, decay: 0.99))
    let serial = try testbed.run(policy, threads: 1)
    #expect(serial == (try testbed.run(policy, threads: 1)))
    #expect(serial == (try testbed.run(policy, threads: 2)))
    #expect(serial == (try testbed.run(policy, threads: 3)))
    #expect(
      serial != (try BanditTestbed(arms: 10, runs: 60, steps: 200, seed: 6).run(policy, threads: 1))
    )
  }

  @Test("ε-greedy with ε = 0.1 reaches Sutton and Barto's ballpark")
  func epsilonGreedyBallpark() throws {
    // Sutton and Barto (figure 2.2): ε = 0.1 reaches about 1.35 average reward and more than
    // 80% optimal action by step 1,000. Here 300 runs; over steps 900–1000 the standard error
    // of the mean reward is about 0.5 / √300 ≈ 0.03 (the spread of max q* across runs), so
    // [1.2, 1.5] is about ±5 standard errors; % optimal must exceed 70%.
    let curve = try BanditTestbed(arms: 10, runs: 300, steps: 1000, seed: 11).run(
      EpsilonGreedyPolicy(epsilon: .constant(0.1)), threads: 2)
    let lateReward = curve.averageReward[899...].reduce(0, +) / 101
    let lateOptimal = curve.optimalActionFraction[899...].reduce(0, +) / 101
    #expect(lateReward > 1.2 && lateReward < 1.5)
    #expect(lateOptimal > 0.7)
  }

  @Test("a diverging policy's error comes out of the testbed, on any thread count")
  func divergencePropagates() {
    let testbed = BanditTestbed(arms: 5, runs: 50, steps: 50, seed: 1)
    for threads in [1, 2] {
      #expect(throws: ExplorationError.self) {
        try testbed.run(GradientBanditPolicy(alpha: 1e308), threads: threads)
      }
    }
  }
}
