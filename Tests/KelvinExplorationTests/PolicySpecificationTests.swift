import KelvinCore
import KelvinExploration
import KelvinText
import Testing

@Suite("policy and schedule specifications")
struct PolicySpecificationTests {
  @Test("schedules and policies parse; names use the canonical key, tau is an alias")
  func parsing() throws {
    #expect(
      try PolicySpecification.schedule("exp(1.0,0.995)") == .exponential(start: 1, decay: 0.995))
    #expect(
      try PolicySpecification.schedule("piecewise(500:0.1,0:1)")
        == .piecewise([(0, 1), (500, 0.1)]))
    let policies = try PolicySpecification.parse(
      "boltzmann(tau=0.1),boltzmann(0.2),boltzmann(schedule=exp(1.0,0.995)),egreedy(0.1),"
        + "egreedy(epsilon=0.2),ucb(2),gradient(alpha=0.1),boltzmann(temperature=inf)")
    #expect(
      policies.map(\.name) == [
        "boltzmann(temperature=0.1)", "boltzmann(temperature=0.2)",
        "boltzmann(schedule=exp(1,0.995))", "egreedy(0.1)", "egreedy(0.2)", "ucb(2)",
        "gradient(0.1)", "boltzmann(temperature=inf)",
      ])
  }

  @Test(
    "every malformed or out-of-range policy is an error naming the item and the rule",
    arguments: [
      ("softmax(1)", "unknown policy 'softmax'"),
      ("egreedy(2)", "epsilon must be a number in [0, 1], got '2'"),
      ("boltzmann(schedule=exp(1", "has '(' without its ')'"),
      ("boltzmann(schedule=linear(1,0,1e300))", "steps must be a whole number from 1"),
      ("boltzmann(schedule=linear(1,-1,2))", "end must be a number ≥ 0 and finite, got '-1'"),
      ("boltzmann(tau=-1)", "temperature must be a number ≥ 0"),
      ("boltzmann(0.1,schedule=constant(1))", "give either temperature or schedule"),
      ("boltzmann()", "give either temperature or schedule"),
      ("egreedy(schedule=exp(1,1.1))", "it must stay in [0, 1]"),
      ("egreedy(schedule=invlog(1))", "it must stay in [0, 1]"),
      ("piecewise(0:1)", "unknown policy 'piecewise'"),
      ("boltzmann(schedule=piecewise(0:1,0:2))", "step 0 has two breakpoints"),
      ("boltzmann(schedule=piecewise())", "takes at least 1"),
      ("ucb(c=-1)", "c must be a number ≥ 0"),
      ("gradient(0)", "alpha must be a number > 0"),
      ("boltzmann(temprature=1)", "did you mean 'temperature'?"),
      ("boltzmann(schedule=0.5)", "schedule must be a schedule"),
    ])
  func refused(text: String, message: String) {
    do {
      _ = try PolicySpecification.parse(text)
      Issue.record("'\(text)' parsed")
    } catch {
      #expect("\(error)".contains(message), "\(error)")
    }
  }

  @Test("a schedule whose values leave the policy's range is refused by the API too")
  func apiChecksSchedules() {
    #expect(throws: ExplorationError.self) {
      try BoltzmannPolicy(schedule: .linear(start: 1, end: -1, steps: 2))
    }
    #expect(throws: ExplorationError.self) {
      try EpsilonGreedyPolicy(epsilon: .constant(1.5))
    }
  }
}
