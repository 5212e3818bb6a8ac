import Kelvin

/// `kelvin bandit`: the 10-armed testbed of Sutton and Barto with Boltzmann exploration and
/// the baselines.
enum BanditCommand: Command {
  /// The default comparison.
  static let defaultPolicies =
    "boltzmann(temperature=0.1),boltzmann(temperature=0.5),boltzmann(schedule=exp(1,0.995)),egreedy(0.1),ucb(2),gradient(0.1)"

  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "bandit",
    abstract:
      "Run the k-armed bandit testbed: Boltzmann exploration with schedules against ε-greedy, UCB and the gradient bandit.",
    discussion: """
      Each run draws q*(a) ~ N(0, 1) and rewards ~ N(q*(a), 1); every policy learns from \
      scratch with sample-average values (the gradient bandit keeps preferences). Reports the \
      average reward and the percentage of optimal actions at chosen steps and overall. Runs \
      are seeded one by one, so --threads changes the speed, not the numbers. Policies: \
      boltzmann(temperature=τ) or boltzmann(schedule=S), egreedy(epsilon=ε) or \
      egreedy(schedule=S), ucb(c), gradient(alpha); the first parameter may go by position, \
      and tau is an alias of boltzmann's temperature. Schedules: constant(temperature), \
      linear(start,end,steps), exp(start,decay), invlog(c), cosine(start,end,steps), \
      piecewise(step:τ,…). --runs × --steps may be at most \(Limits.runSteps).
      """,
    examples: [
      "kelvin bandit",
      "kelvin bandit --policies 'boltzmann(0.2),boltzmann(schedule=invlog(1))' --plot bandit.svg",
    ])

  /// The options of `kelvin bandit`.
  struct Options: CommandOptions {
    var arms = 10
    var runs = 2000
    var steps = 1000
    var policies = BanditCommand.defaultPolicyList
    var seed: UInt64 = 0
    var threads = 2
    var plot: String?
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(\.arms, "arms", "K", help: "Arms per bandit.", .integer(Limits.arms)),
        .option(\.runs, "runs", "R", help: "Independent runs.", .integer(Limits.runs)),
        .option(\.steps, "steps", "S", help: "Steps per run.", .integer(Limits.steps)),
        .option(\.policies, "policies", "LIST", help: "Comma-separated policies.", policyRule),
        .option(\.seed, "seed", "S", help: "Seed of the runs.", .seed),
        .option(\.threads, "threads", "T", help: "Threads.", .integer(Limits.threads)),
        .option(
          \.plot, "plot", "FILE.svg", help: "Plot average reward and % optimal action over time.",
          .svgPath, path: true),
        .quiet(\.quiet), .format(\.format),
      ]
    }

    /// The run-steps must fit the limit.
    func validate(given: GivenOptions<Options>) throws {
      if let error = Limits.product(
        ("--runs", runs), ("--steps", steps), limit: Limits.runSteps, what: "run-steps")
      {
        throw error
      }
    }
  }

  /// ``defaultPolicies``, parsed once; a failure is a mistake in this file, not in input.
  static let defaultPolicyList: [any BanditPolicy] = {
    do {
      return try policyRule.parse(defaultPolicies)
    } catch {
      preconditionFailure("the default policies must parse: \(error)")
    }
  }()

  /// `--policies`: the policy grammar, at most ``Limits/policies`` of them.
  static let policyRule = ValueRule<[any BanditPolicy]>(
    requirement: "a list of policies such as boltzmann(temperature=0.1),egreedy(0.1)",
    counterexamples: [
      "", "softmax(1)", "egreedy(2)", "boltzmann(schedule=exp(1",
      "boltzmann(schedule=linear(1,-1,2))",
      "boltzmann(schedule=linear(1,0,1e300))", "boltzmann(tau=-1)",
    ],
    example: "ucb(2)",
    read: { text in
      do {
        let policies = try PolicySpecification.parse(text)
        guard Limits.policies.contains(policies.count) else {
          throw CommandError.usage(
            "\(policies.count) policies; the limit is \(Limits.policies.upperBound)")
        }
        return policies
      } catch {
        throw ValueRuleViolation(
          requirement: "a list of policies", text: text, explanation: "\(error)")
      }
    }, spell: { $0.map(\.name).joined(separator: ",") })

  /// Runs the testbed.
  static func run(_ options: Options, output: CommandOutput) throws {
    if options.quiet { output.quiet() }
    let plot = try options.plot.map { try AtomicOutputFile(path: $0) }
    let testbed = BanditTestbed(
      arms: options.arms, runs: options.runs, steps: options.steps, seed: options.seed)
    var curves: [BanditTestbed.Curve] = []
    for (index, policy) in options.policies.enumerated() {
      let reporter = ProgressReporter(
        label: "bandit: \(policy.name) (\(index + 1)/\(options.policies.count))", output: output)
      curves.append(try testbed.run(policy, threads: options.threads) { reporter.report($0) })
    }
    output.endProgress()
    let names = options.policies.map(\.name)
    if let plot {
      try plot.write(BanditReport.plot(names: names, curves: curves, testbed: testbed))
      try plot.commit()
    }
    try BanditReport.write(names: names, curves: curves, testbed: testbed, options.format, output)
  }
}
