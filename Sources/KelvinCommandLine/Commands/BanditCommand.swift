import Foundation
import Kelvin

/// `kelvin bandit`: the 10-armed testbed of Sutton and Barto with Boltzmann exploration and
/// the baselines.
public enum BanditCommand: Command {
  /// The default comparison.
  public static let defaultPolicies =
    "boltzmann(tau=0.1),boltzmann(tau=0.5),boltzmann(schedule=exp(1,0.995)),egreedy(0.1),ucb(2),gradient(0.1)"

  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "bandit",
    abstract:
      "Run the k-armed bandit testbed: Boltzmann exploration with schedules against ε-greedy, UCB and the gradient bandit.",
    discussion: """
      Each run draws q*(a) ~ N(0, 1) and rewards ~ N(q*(a), 1); every policy learns from \
      scratch with sample-average values (the gradient bandit keeps preferences). Reports the \
      average reward and the percentage of optimal actions at chosen steps and overall. Runs \
      are seeded one by one, so --threads changes the speed, not the numbers. Policies: \
      boltzmann(tau=τ) or boltzmann(schedule=S), egreedy(ε) or egreedy(schedule=S), ucb(c), \
      gradient(α). Schedules: constant(τ), linear(start,end,steps), exp(start,decay), \
      invlog(c), cosine(start,end,steps), piecewise(step:τ,…).
      """,
    options: [
      .value("arms", "K", help: "Arms per bandit.", default: "10"),
      .value("runs", "R", help: "Independent runs.", default: "2000"),
      .value("steps", "S", help: "Steps per run.", default: "1000"),
      .value("policies", "LIST", help: "Comma-separated policies.", default: defaultPolicies),
      .value("seed", "S", help: "Seed of the runs.", default: "0"),
      .value("threads", "T", help: "Threads.", default: "2"),
      .value("plot", "FILE.svg", help: "Plot average reward and % optimal action over time."),
      .format,
    ],
    examples: [
      "kelvin bandit",
      "kelvin bandit --policies 'boltzmann(tau=0.2),boltzmann(schedule=invlog(1))' --plot bandit.svg",
    ])

  /// Runs the testbed.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let arms = try ValueParsing.count(arguments.required("arms"), flag: "arms")
    let runs = try ValueParsing.count(arguments.required("runs"), flag: "runs")
    let steps = try ValueParsing.count(arguments.required("steps"), flag: "steps")
    let threads = try ValueParsing.count(arguments.required("threads"), flag: "threads")
    let seed = try ValueParsing.seed(arguments.required("seed"), flag: "seed")
    let policies: [any BanditPolicy]
    do {
      policies = try PolicySpecification.parse(try arguments.required("policies"))
    } catch let error as PolicySpecification.ParseError {
      throw CommandError.usage("--policies: \(error)")
    }
    let testbed = BanditTestbed(arms: arms, runs: runs, steps: steps, seed: seed)
    var curves: [BanditTestbed.Curve] = []
    for (index, policy) in policies.enumerated() {
      let label = "bandit: \(policy.name) (\(index + 1)/\(policies.count))"
      let reporter = ProgressReporter(label: label)
      curves.append(testbed.run(policy, threads: threads) { reporter.report($0) })
    }
    StandardStreams.write("\n", to: .error)
    if let path = arguments.value("plot") {
      let svg = LinePlot.svg(
        panels: [
          LinePlot.Panel(
            title: "Average reward (\(runs) runs, \(arms) arms)", yLabel: "average reward",
            series: zip(policies, curves).map { ($0.name, $1.averageReward) }),
          LinePlot.Panel(
            title: "Optimal action", yLabel: "% optimal action",
            series: zip(policies, curves).map {
              ($0.name, $1.optimalActionFraction.map { $0 * 100 })
            }),
        ], xLabel: "steps")
      try VectorInput.withFileErrors {
        let file = try AtomicOutputFile(path: path)
        try file.write(svg)
        try file.commit()
      }
    }
    switch format {
    case .json:
      return JSONValue.object([
        (
          "policies",
          .array(
            zip(policies, curves).map { policy, curve in
              .object([
                ("name", .string(policy.name)), ("average_reward", .number(curve.overallReward)),
                ("optimal_action_percent", .number(curve.overallOptimal * 100)),
                (
                  "curve",
                  .object([
                    ("steps", .array((1...steps).map(JSONValue.integer))),
                    ("average_reward", .numbers(curve.averageReward)),
                    (
                      "optimal_action_percent",
                      .numbers(curve.optimalActionFraction.map { $0 * 100 })
                    ),
                  ])
                ),
              ])
            })
        )
      ]).serialized + "\n"
    case .table:
      let checkpoints = [1, 10, 100, 250, 500, 1000, steps].filter { $0 <= steps }.reduce(
        into: [Int]()
      ) { if !$0.contains($1) { $0.append($1) } }
      var text =
        "\(arms)-armed testbed, \(runs) runs × \(steps) steps, seed \(seed)\n\naverage reward\n"
      var rewardRows = [["policy"] + checkpoints.map { "step \($0)" } + ["overall"]]
      var optimalRows = rewardRows
      for (policy, curve) in zip(policies, curves) {
        rewardRows.append(
          [policy.name]
            + checkpoints.map { TextFormatting.fixed(curve.averageReward[$0 - 1], decimals: 3) } + [
              TextFormatting.fixed(curve.overallReward, decimals: 3)
            ])
        optimalRows.append(
          [policy.name]
            + checkpoints.map {
              TextFormatting.fixed(curve.optimalActionFraction[$0 - 1] * 100, decimals: 1) + "%"
            } + [TextFormatting.fixed(curve.overallOptimal * 100, decimals: 1) + "%"])
      }
      text +=
        TextFormatting.table(rewardRows) + "\n% optimal action\n"
        + TextFormatting.table(optimalRows)
      return text
    }
  }
}

/// Prints a progress line on stderr at each tenth, from any thread.
final class ProgressReporter: @unchecked Sendable {
  let label: String
  let lock = NSLock()
  var shown = -1

  init(label: String) { self.label = label }

  func report(_ fraction: Double) {
    let tenth = Int(fraction * 10)
    lock.lock()
    defer { lock.unlock() }
    guard tenth > shown else { return }
    shown = tenth
    StandardStreams.write("\r\(label) \(tenth * 10)%   ", to: .error)
  }
}
