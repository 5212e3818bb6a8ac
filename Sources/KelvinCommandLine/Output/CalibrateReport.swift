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
      try output.json(
        Document(
          temperature: fit.temperature, iterations: fit.iterations,
          limit: fit.limit.map { $0 == .zeroTemperature ? "zero" : "infinity" },
          before: Document.Metrics(study.before), after: Document.Metrics(study.after),
          test: study.test.map {
            Document.Split(before: Document.Metrics($0.before), after: Document.Metrics($0.after))
          }))
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

extension CalibrateReport {
  /// `kelvin calibrate --format json`: the fit (limit null for an interior optimum) and the
  /// metrics before and after, on the fit set and on the held-out split when there is one.
  struct Document: Encodable {
    /// The calibration metrics of one set.
    struct Metrics: Encodable {
      let nll: Double
      let ece: Double
      let mce: Double
      let brier: Double
      let accuracy: Double
      let classwiseECE: Double

      init(_ metrics: CalibrationMetrics) {
        nll = metrics.negativeLogLikelihood
        ece = metrics.expectedCalibrationError
        mce = metrics.maximumCalibrationError
        brier = metrics.brier
        accuracy = metrics.accuracy
        classwiseECE = metrics.classwiseCalibrationError
      }

      enum CodingKeys: String, CodingKey {
        case nll, ece, mce, brier, accuracy
        case classwiseECE = "classwise_ece"
      }
    }

    /// Before and after on the held-out split.
    struct Split: Encodable {
      let before: Metrics
      let after: Metrics
    }

    let temperature: Double
    let iterations: Int
    @EncodedAsNull var limit: String?
    let before: Metrics
    let after: Metrics
    let test: Split?
  }
}
