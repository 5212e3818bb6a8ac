import Kelvin

/// What `kelvin calibrate` prints.
enum CalibrateReport {
  /// The warning for a fit that stopped at a bound on β.
  static func limitWarning(_ limit: TemperatureScaling.Limit, _ temperature: Double) -> String {
    let bound = NumberFormatting.shortest(temperature)
    switch limit {
    case .zeroTemperature:
      return
        "the NLL keeps falling as τ → 0 (every example is confidently right); τ = \(bound) is where the fit stopped, not an optimum"
    case .infiniteTemperature:
      return
        "the NLL keeps falling as τ → ∞ (the logits tell nothing about the labels); τ = \(bound) is the fit's bound, not an optimum"
    }
  }

  static func write(_ study: CalibrationStudy, _ format: OutputFormat, _ output: CommandOutput)
    throws
  {
    let fit = study.fit
    switch format {
    case .json, .jsonl:
      var members: [(String, JSONNode)] = [
        ("temperature", .number(fit.temperature)), ("iterations", .integer(fit.iterations)),
        ("limit", fit.limit.map { .string($0 == .zeroTemperature ? "zero" : "infinity") } ?? .null),
        ("before", json(study.before)), ("after", json(study.after)),
      ]
      if let test = study.test {
        members.append(
          ("test", .object([("before", json(test.before)), ("after", json(test.after))])))
      }
      try output.json(JSONNode.object(members))
    case .table:
      try output.line(
        "temperature scaling on \(study.source): τ = "
          + "\(TextFormatting.fixed(fit.temperature, decimals: 4)) after \(fit.iterations) Newton steps\n"
      )
      try output.write(table("fit set", study.before, study.after))
      if let test = study.test {
        try output.write("\n" + table("held-out test split", test.before, test.after))
      }
    }
  }

  static func json(_ metrics: CalibrationMetrics) -> JSONNode {
    .object([
      ("nll", .number(metrics.negativeLogLikelihood)),
      ("ece", .number(metrics.expectedCalibrationError)),
      ("mce", .number(metrics.maximumCalibrationError)), ("brier", .number(metrics.brier)),
      ("accuracy", .number(metrics.accuracy)),
      ("classwise_ece", .number(metrics.classwiseCalibrationError)),
    ])
  }

  static func table(_ title: String, _ before: CalibrationMetrics, _ after: CalibrationMetrics)
    -> String
  {
    func row(_ name: String, _ a: Double, _ b: Double) -> [String] {
      [name, TextFormatting.fixed(a, decimals: 4), TextFormatting.fixed(b, decimals: 4)]
    }
    return "\(title)\n"
      + TextFormatting.table([
        ["", "before (τ = 1)", "after"],
        row("NLL", before.negativeLogLikelihood, after.negativeLogLikelihood),
        row("ECE", before.expectedCalibrationError, after.expectedCalibrationError),
        row("MCE", before.maximumCalibrationError, after.maximumCalibrationError),
        row("class-wise ECE", before.classwiseCalibrationError, after.classwiseCalibrationError),
        row("Brier", before.brier, after.brier),
        row("accuracy", before.accuracy, after.accuracy),
      ])
  }

  /// Reliability diagrams before (τ = 1) and after scaling by the fitted τ, side by side.
  static func diagrams(before: CalibrationMetrics, after: CalibrationMetrics, temperature: Double)
    -> String
  {
    func chart(_ metrics: CalibrationMetrics, _ title: String) -> Picture {
      ReliabilityChart(
        title: title,
        bins: metrics.bins.map {
          ReliabilityChart.Bin(
            lower: $0.lower, upper: $0.upper, accuracy: $0.accuracy, confidence: $0.confidence,
            count: $0.count)
        },
        caption: "ECE \(TextFormatting.fixed(metrics.expectedCalibrationError * 100, decimals: 2))%"
      ).picture()
    }
    let tau = TextFormatting.fixed(temperature, decimals: 3)
    return Picture.row(
      [chart(before, "before (τ = 1)"), chart(after, "after (τ = \(tau))")], spacing: 20
    )
    .document(
      title: "Reliability before and after temperature scaling",
      summary:
        "Accuracy against confidence in \(before.bins.count) bins, before and after dividing the logits by τ = \(tau); ECE \(TextFormatting.fixed(before.expectedCalibrationError * 100, decimals: 2))% before, \(TextFormatting.fixed(after.expectedCalibrationError * 100, decimals: 2))% after."
    )
  }
}
