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
      try output.json(
        Document(
          policies: zip(names, curves).map { name, curve in
            Document.Policy(
              name: name, averageReward: curve.overallReward,
              optimalActionPercent: curve.overallOptimal * 100,
              curve: Document.Curve(
                steps: Array(1...steps), averageReward: curve.averageReward,
                optimalActionPercent: curve.optimalActionFraction.map { $0 * 100 }))
          }))
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

extension BanditReport {
  /// `kelvin bandit --format json`: each policy's overall figures and its learning curve.
  struct Document: Encodable {
    /// The averages at every step.
    struct Curve: Encodable {
      let steps: [Int]
      let averageReward: [Double]
      let optimalActionPercent: [Double]

      enum CodingKeys: String, CodingKey {
        case steps
        case averageReward = "average_reward"
        case optimalActionPercent = "optimal_action_percent"
      }
    }

    /// One policy.
    struct Policy: Encodable {
      let name: String
      let averageReward: Double
      let optimalActionPercent: Double
      let curve: Curve

      enum CodingKeys: String, CodingKey {
        case name
        case averageReward = "average_reward"
        case optimalActionPercent = "optimal_action_percent"
        case curve
      }
    }

    let policies: [Policy]
  }
}
