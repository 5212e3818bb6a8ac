import Foundation
import KelvinCore

/// A policy for the multi-armed bandit: chooses an arm from what it has learnt, then learns
/// from the reward.
public protocol BanditPolicy: Sendable {
  /// The policy as written in a specification.
  var name: String { get }
  /// Forgets everything, for a new run with `arms` arms.
  mutating func reset(arms: Int)
  /// Chooses an arm at step `t` (from 0), after ``reset(arms:)``.
  ///
  /// - Throws: ``ExplorationError`` when the policy's state can no longer define a
  ///   distribution (the gradient bandit's preferences overflowing, say).
  mutating func choose(step t: Int, random: inout Xoshiro256StarStar) throws -> Int
  /// Learns the reward of the arm just chosen.
  mutating func learn(arm: Int, reward: Double)
}

/// Sample-average action values, shared by the value-based policies.
struct ActionValues: Sendable {
  var estimates: [Double] = []
  var counts: [Int] = []

  mutating func reset(arms: Int) {
    estimates = [Double](repeating: 0, count: arms)
    counts = [Int](repeating: 0, count: arms)
  }

  mutating func learn(arm: Int, reward: Double) {
    counts[arm] += 1
    estimates[arm] += (reward - estimates[arm]) / Double(counts[arm])
  }
}

/// The index of the largest value, ties broken uniformly at random with one draw.
func argmaxBreakingTies(_ values: [Double], random: inout Xoshiro256StarStar) -> Int {
  let best = values.max() ?? 0
  let tied = values.indices.filter { values[$0] == best }
  if tied.count == 1 { return tied[0] }
  return tied[min(tied.count - 1, Int(random.nextUnitInterval() * Double(tied.count)))]
}

/// Draws an index from a probability vector by inverse CDF with one uniform.
func draw(_ probabilities: [Double], random: inout Xoshiro256StarStar) -> Int {
  let u = random.nextUnitInterval()
  var cumulative = 0.0
  for (index, p) in probabilities.enumerated() {
    cumulative += p
    if u < cumulative { return index }
  }
  return probabilities.lastIndex { $0 > 0 } ?? 0
}

/// An exploration setting that cannot work, or a policy whose state broke down.
public enum ExplorationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A schedule that leaves the range its policy needs at some step.
  case scheduleOutOfRange(schedule: String, bounds: ClosedRange<Double>, allowed: String)
  /// The policy's state stopped defining a distribution (non-finite preferences).
  case diverged(policy: String, step: Int)

  /// One line naming the schedule or the policy.
  public var description: String {
    switch self {
    case .scheduleOutOfRange(let schedule, let bounds, let allowed):
      let low = NumberFormatting.shortest(bounds.lowerBound)
      let high = NumberFormatting.shortest(bounds.upperBound)
      return "schedule \(schedule) takes values from \(low) to \(high); it must stay \(allowed)"
    case .diverged(let policy, let step):
      return
        "\(policy) diverged at step \(step + 1): its preferences are no longer finite (try a smaller step size)"
    }
  }
}

/// Boltzmann (softmax) exploration: arm a with probability `softmax(Q / τ_t)_a` over the
/// sample-average values, τ from a schedule.
///
/// τ = 0 is greedy with ties broken uniformly at random (one draw); τ = ∞ is uniform. The
/// probabilities are Kelvin's tempered softmax; the draw is the inverse CDF of one uniform.
public struct BoltzmannPolicy: BanditPolicy {
  /// The temperature schedule.
  public let schedule: TemperatureSchedule
  var values = ActionValues()

  /// Creates the policy.
  ///
  /// - Throws: ``ExplorationError/scheduleOutOfRange(schedule:bounds:allowed:)`` when the
  ///   schedule is NaN or negative at some step (a temperature must stay ≥ 0).
  public init(schedule: TemperatureSchedule) throws {
    let bounds = schedule.bounds
    guard bounds.lowerBound >= 0 else {
      throw ExplorationError.scheduleOutOfRange(
        schedule: schedule.specification, bounds: bounds, allowed: "≥ 0 (a temperature)")
    }
    self.schedule = schedule
  }

  /// `boltzmann(temperature=…)` or `boltzmann(schedule=…)`.
  public var name: String {
    if case .constant(let tau) = schedule {
      return "boltzmann(temperature=\(NumberFormatting.shortest(tau)))"
    }
    return "boltzmann(schedule=\(schedule.specification))"
  }

  /// The action probabilities at step `t` for the current values.
  ///
  /// - Throws: `KelvinError` when called before ``reset(arms:)`` (no values).
  public func probabilities(step t: Int) throws -> [Double] {
    try values.estimates.softmax(temperature: schedule.temperature(at: t))
  }

  /// The probabilities `softmax(values / τ)` for given values.
  ///
  /// - Throws: `KelvinError` for a negative or NaN τ, or values that are NaN or `+inf`.
  public static func probabilities(values: [Double], temperature: Double) throws -> [Double] {
    try values.softmax(temperature: temperature)
  }

  /// Forgets the values.
  public mutating func reset(arms: Int) { values.reset(arms: arms) }

  /// Draws an arm.
  public mutating func choose(step t: Int, random: inout Xoshiro256StarStar) throws -> Int {
    if schedule.temperature(at: t) == 0 {
      return argmaxBreakingTies(values.estimates, random: &random)
    }
    return draw(try probabilities(step: t), random: &random)
  }

  /// Updates the sample average.
  public mutating func learn(arm: Int, reward: Double) { values.learn(arm: arm, reward: reward) }
}

/// ε-greedy: with probability ε_t a uniformly random arm, else the greedy arm (ties at random).
public struct EpsilonGreedyPolicy: BanditPolicy {
  /// The exploration rate as a schedule (`constant(ε)` for a fixed rate).
  public let epsilon: TemperatureSchedule
  var values = ActionValues()

  /// Creates the policy.
  ///
  /// - Throws: ``ExplorationError/scheduleOutOfRange(schedule:bounds:allowed:)`` when ε
  ///   leaves [0, 1] at some step.
  public init(epsilon: TemperatureSchedule) throws {
    let bounds = epsilon.bounds
    guard bounds.lowerBound >= 0, bounds.upperBound <= 1 else {
      throw ExplorationError.scheduleOutOfRange(
        schedule: epsilon.specification, bounds: bounds, allowed: "in [0, 1] (a probability)")
    }
    self.epsilon = epsilon
  }

  /// `egreedy(…)`.
  public var name: String {
    if case .constant(let e) = epsilon { return "egreedy(\(NumberFormatting.shortest(e)))" }
    return "egreedy(schedule=\(epsilon.specification))"
  }

  /// Forgets the values.
  public mutating func reset(arms: Int) { values.reset(arms: arms) }

  /// Explores or exploits (one draw decides, a second picks the random arm).
  public mutating func choose(step t: Int, random: inout Xoshiro256StarStar) throws -> Int {
    if random.nextUnitInterval() < epsilon.temperature(at: t) {
      return min(
        values.estimates.count - 1, Int(random.nextUnitInterval() * Double(values.estimates.count)))
    }
    return argmaxBreakingTies(values.estimates, random: &random)
  }

  /// Updates the sample average.
  public mutating func learn(arm: Int, reward: Double) { values.learn(arm: arm, reward: reward) }
}

/// UCB1 with exploration constant c: every arm once, then `argmax Q_a + c·√(ln t / N_a)`
/// (Sutton and Barto §2.7; t counts steps from 1).
public struct UCBPolicy: BanditPolicy {
  /// The exploration constant c.
  public let c: Double
  var values = ActionValues()

  /// Creates the policy.
  public init(c: Double) { self.c = c }

  /// `ucb(c)`.
  public var name: String { "ucb(\(NumberFormatting.shortest(c)))" }

  /// Forgets the values.
  public mutating func reset(arms: Int) { values.reset(arms: arms) }

  /// The untried arm with the lowest index, else the largest upper bound (ties at random).
  public mutating func choose(step t: Int, random: inout Xoshiro256StarStar) throws -> Int {
    if let untried = values.counts.firstIndex(of: 0) { return untried }
    let logT = log(Double(t + 1))
    let bounds = values.estimates.indices.map {
      values.estimates[$0] + c * (logT / Double(values.counts[$0])).squareRoot()
    }
    return argmaxBreakingTies(bounds, random: &random)
  }

  /// Updates the sample average.
  public mutating func learn(arm: Int, reward: Double) { values.learn(arm: arm, reward: reward) }
}

/// The gradient bandit (Sutton and Barto §2.8): preferences H with π = softmax(H), updated by
/// `H_a ← H_a + α(R − R̄)(1 − π_a)` for the chosen arm and `H_b ← H_b − α(R − R̄)π_b` for the
/// others, with R̄ the average of all rewards so far (the baseline).
public struct GradientBanditPolicy: BanditPolicy {
  /// The step size α.
  public let alpha: Double
  var preferences: [Double] = []
  var baseline = 0.0
  var steps = 0
  var lastProbabilities: [Double] = []

  /// Creates the policy.
  public init(alpha: Double) { self.alpha = alpha }

  /// `gradient(α)`.
  public var name: String { "gradient(\(NumberFormatting.shortest(alpha)))" }

  /// Resets preferences and baseline to 0.
  public mutating func reset(arms: Int) {
    preferences = [Double](repeating: 0, count: arms)
    baseline = 0
    steps = 0
  }

  /// Draws from softmax(H).
  ///
  /// - Throws: ``ExplorationError/diverged(policy:step:)`` when a preference is no longer
  ///   finite (a huge step size makes them overflow).
  public mutating func choose(step t: Int, random: inout Xoshiro256StarStar) throws -> Int {
    do {
      lastProbabilities = try preferences.softmax()
    } catch {
      throw ExplorationError.diverged(policy: name, step: t)
    }
    return draw(lastProbabilities, random: &random)
  }

  /// The preference update, then the baseline's.
  public mutating func learn(arm: Int, reward: Double) {
    let advantage = reward - baseline
    for b in preferences.indices {
      preferences[b] +=
        b == arm
        ? alpha * advantage * (1 - lastProbabilities[b]) : -alpha * advantage * lastProbabilities[b]
    }
    steps += 1
    baseline += (reward - baseline) / Double(steps)
  }
}
