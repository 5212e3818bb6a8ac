import Kelvin

/// What `kelvin bandit` prints.
enum BanditReport {
  static func write(
    names: [String], curves: [BanditTestbed.Curve], testbed: BanditTestbed,
    _ format: OutputFormat, _ output: CommandOutput
  ) throws {
    let steps = testbed.steps
    switch format {
    case .json, .jsonl:
      let policies: [JSONNode] = zip(names, curves).map { name, curve in
        .object([
          ("name", .string(name)), ("average_reward", .number(curve.overallReward)),
          ("optimal_action_percent", .number(curve.overallOptimal * 100)),
          (
            "curve",
            .object([
              ("steps", .array((1...steps).map(JSONNode.integer))),
              ("average_reward", .numbers(curve.averageReward)),
              ("optimal_action_percent", .numbers(curve.optimalActionFraction.map { $0 * 100 })),
            ])
          ),
        ])
      }
      try output.json(JSONNode.object([("policies", .array(policies))]))
    case .table:
      var checkpoints: [Int] = []
      for step in [1, 10, 100, 250, 500, 1000, steps] where step <= steps {
        if !checkpoints.contains(step) { checkpoints.append(step) }
      }
      let header = ["policy"] + checkpoints.map { "step \($0)" } + ["overall"]
      var rewardRows = [header]
      var optimalRows = [header]
      for (name, curve) in zip(names, curves) {
        let reward = { (x: Double) in TextFormatting.fixed(x, decimals: 3) }
        let percent = { (x: Double) in TextFormatting.fixed(x * 100, decimals: 1) + "%" }
        rewardRows.append(
          [name] + checkpoints.map { reward(curve.averageReward[$0 - 1]) }
            + [reward(curve.overallReward)])
        optimalRows.append(
          [name] + checkpoints.map { percent(curve.optimalActionFraction[$0 - 1]) }
            + [percent(curve.overallOptimal)])
      }
      try output.line(
        "\(testbed.arms)-armed testbed, \(testbed.runs) runs × \(steps) steps, seed \(testbed.seed)\n"
      )
      try output.write("average reward\n" + TextFormatting.table(rewardRows))
      try output.write("\n% optimal action\n" + TextFormatting.table(optimalRows))
    }
  }

  /// The testbed's two panels, average reward and % optimal action against the step.
  static func plot(names: [String], curves: [BanditTestbed.Curve], testbed: BanditTestbed)
    -> String
  {
    let reward = LineChart(
      title: "Average reward (\(testbed.runs) runs, \(testbed.arms) arms)", xLabel: "step",
      yLabel: "average reward",
      series: zip(names, curves).map { LineChart.Series(name: $0, values: $1.averageReward) })
    let optimal = LineChart(
      title: "Optimal action", xLabel: "step", yLabel: "% optimal action",
      series: zip(names, curves).map {
        LineChart.Series(name: $0, values: $1.optimalActionFraction.map { $0 * 100 })
      })
    return Picture.column([reward.picture(), optimal.picture()], spacing: 16).document(
      title: "Bandit testbed: \(names.joined(separator: ", "))",
      summary:
        "Average reward and percentage of optimal actions over \(testbed.steps) steps, averaged over \(testbed.runs) runs of the \(testbed.arms)-armed testbed, one line per policy."
    )
  }
}
