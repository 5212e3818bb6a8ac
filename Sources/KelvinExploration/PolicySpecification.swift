import KelvinCore
import KelvinText

/// Bandit policies and temperature schedules written in Kelvin's specification grammar
/// (``Specification``): `boltzmann(temperature=0.1),boltzmann(schedule=exp(1,0.995)),`
/// `egreedy(0.1),ucb(2),gradient(0.1)`.
///
/// Policies: `boltzmann(temperature=τ)` or `boltzmann(schedule=S)`, `egreedy(epsilon=ε)` or
/// `egreedy(schedule=S)`, `ucb(c)`, `gradient(alpha)`; the first parameter may be given by
/// position. Schedules: `constant(temperature)`, `linear(start,end,steps)`,
/// `exp(start,decay)`, `invlog(c)`, `cosine(start,end,steps)`, `piecewise(step:τ,…)`. Every
/// number is checked against its range, and a schedule against its policy's (a Boltzmann
/// temperature stays ≥ 0 at every step, an ε stays in [0, 1]). `tau` is kept as an alias of
/// `boltzmann`'s `temperature` for compatibility.
public enum PolicySpecification {
  /// The policies.
  public static let policies = SpecificationCatalog<any BanditPolicy>(
    kind: "policy", forms: [boltzmann, epsilonGreedy, upperConfidenceBound, gradient])

  /// The schedules.
  public static let schedules = SpecificationCatalog<TemperatureSchedule>(
    kind: "schedule", forms: [constant, linear, exponential, inverseLog, cosine, piecewise])

  /// Parses a comma-separated list of policies.
  ///
  /// - Throws: ``SpecificationError`` naming the item, the parameter and the rule.
  /// - Complexity: O(n) in the length of the text.
  public static func parse(_ text: String) throws -> [any BanditPolicy] {
    try Specification.parse(text, separators: [","]).map(policies.build)
  }

  /// Parses one schedule.
  ///
  /// - Throws: ``SpecificationError``.
  public static func schedule(_ text: String) throws -> TemperatureSchedule {
    let items = try Specification.parse(text, separators: [","])
    guard items.count == 1 else {
      throw SpecificationError(syntaxOf: text, problem: "is \(items.count) items, not one schedule")
    }
    return try schedules.build(items[0])
  }

  // MARK: - Policies

  static let scheduleParameter = SpecificationParameter(
    "schedule", catalog: schedules, optional: true, spell: \.specification)

  static let boltzmann: SpecificationForm<any BanditPolicy> = {
    let temperature = SpecificationParameter(
      "temperature", .temperature, optional: true, aliases: ["tau"])
    return SpecificationForm(
      "boltzmann", summary: "softmax(Q / τ) over the sample averages; τ fixed or scheduled",
      parameters: [temperature.erased, scheduleParameter.erased]
    ) { arguments in
      try BoltzmannPolicy(schedule: try oneOf(temperature, scheduleParameter, in: arguments))
    }
  }()

  static let epsilonGreedy: SpecificationForm<any BanditPolicy> = {
    let epsilon = SpecificationParameter("epsilon", .number(.unitInterval), optional: true)
    return SpecificationForm(
      "egreedy", summary: "a random arm with probability ε, else the greedy one",
      parameters: [epsilon.erased, scheduleParameter.erased]
    ) { arguments in
      try EpsilonGreedyPolicy(epsilon: try oneOf(epsilon, scheduleParameter, in: arguments))
    }
  }()

  static let upperConfidenceBound: SpecificationForm<any BanditPolicy> = {
    let c = SpecificationParameter("c", .number(.finiteAtLeast(0)), default: 2)
    return SpecificationForm(
      "ucb", summary: "UCB1: every arm once, then the largest Q + c·√(ln t / N)",
      parameters: [c.erased]
    ) { UCBPolicy(c: $0[c]) }
  }()

  static let gradient: SpecificationForm<any BanditPolicy> = {
    let alpha = SpecificationParameter("alpha", .number(.finiteAbove(0)), default: 0.1)
    return SpecificationForm(
      "gradient", summary: "the gradient bandit: preferences H, π = softmax(H), step size α",
      parameters: [alpha.erased]
    ) { GradientBanditPolicy(alpha: $0[alpha]) }
  }()

  /// A fixed value or a schedule, exactly one of them.
  static func oneOf(
    _ fixed: SpecificationParameter<Double>,
    _ schedule: SpecificationParameter<TemperatureSchedule>, in arguments: SpecificationArguments
  ) throws -> TemperatureSchedule {
    switch (arguments.valueIfGiven(fixed), arguments.valueIfGiven(schedule)) {
    case (let value?, nil): return .constant(value)
    case (nil, let scheduled?): return scheduled
    default:
      throw SpecificationError(
        item: arguments.item.text,
        problem: "give either \(fixed.name) or schedule, exactly one of them")
    }
  }

  // MARK: - Schedules

  static let level = ValueRule.number(.finiteAtLeast(0))
  static let steps = ValueRule.integer(1...Int(Int32.max))

  static let constant: SpecificationForm<TemperatureSchedule> = {
    let value = SpecificationParameter("temperature", level)
    return SpecificationForm(
      "constant", summary: "τ_t = temperature", parameters: [value.erased]
    ) { .constant($0[value]) }
  }()

  /// `linear` and `cosine`: start, end, steps.
  static func ramp(
    _ name: String, summary: String,
    _ make: @escaping @Sendable (Double, Double, Int) -> TemperatureSchedule
  ) -> SpecificationForm<TemperatureSchedule> {
    let start = SpecificationParameter("start", level)
    let end = SpecificationParameter("end", level)
    let count = SpecificationParameter("steps", steps)
    return SpecificationForm(
      name, summary: summary, parameters: [start.erased, end.erased, count.erased]
    ) { make($0[start], $0[end], $0[count]) }
  }

  static let linear = ramp("linear", summary: "a straight line from start to end, then flat") {
    .linear(start: $0, end: $1, steps: $2)
  }

  static let cosine = ramp("cosine", summary: "a half cosine from start to end, then flat") {
    .cosine(start: $0, end: $1, steps: $2)
  }

  static let exponential: SpecificationForm<TemperatureSchedule> = {
    let start = SpecificationParameter("start", level)
    let decay = SpecificationParameter("decay", level)
    return SpecificationForm(
      "exp", summary: "τ_t = start · decay^t", parameters: [start.erased, decay.erased]
    ) { .exponential(start: $0[start], decay: $0[decay]) }
  }()

  static let inverseLog: SpecificationForm<TemperatureSchedule> = {
    let c = SpecificationParameter("c", level)
    return SpecificationForm(
      "invlog", summary: "τ_t = c / ln(t + 2), simulated annealing's schedule",
      parameters: [c.erased]
    ) { .inverseLog($0[c]) }
  }()

  static let breakpoint = ValueRule<Breakpoint>(
    requirement: "step:temperature, a whole step ≥ 0 and a finite temperature ≥ 0 (100:0.5)",
    counterexamples: ["100", "a:1", "-1:1", "1:-1", "1:inf", "1.5:1"], example: "100:0.5",
    read: { text in
      let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      do {
        guard parts.count == 2 else { throw DecimalText.Failure.malformed }
        let step = try DecimalText.integer(parts[0])
        let value = try DecimalText.double(parts[1])
        guard step >= 0, value.isFinite, value >= 0 else { throw DecimalText.Failure.outOfRange }
        return Breakpoint(step: step, temperature: value)
      } catch {
        throw ValueRuleViolation(
          requirement: "step:temperature, a whole step ≥ 0 and a finite temperature ≥ 0 (100:0.5)",
          text: text)
      }
    }, spell: { "\($0.step):\(NumberFormatting.shortest($0.temperature))" })

  static let piecewise: SpecificationForm<TemperatureSchedule> = {
    let points = SpecificationParameter<[Breakpoint]>.variadic(
      "breakpoints", breakpoint, count: 1...10_000)
    return SpecificationForm(
      "piecewise", summary: "the temperature of the last breakpoint reached",
      parameters: [points.erased]
    ) { arguments in
      let sorted = arguments[points].sorted { $0.step < $1.step }
      for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.step == later.step {
        throw SpecificationError(
          item: arguments.item.text, key: "breakpoints",
          problem: "step \(later.step) has two breakpoints")
      }
      return .piecewise(sorted.map { ($0.step, $0.temperature) })
    }
  }()
}

/// One `step:temperature` breakpoint of a piecewise schedule.
struct Breakpoint: Sendable, Equatable {
  let step: Int
  let temperature: Double
}
