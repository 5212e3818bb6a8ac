/// Temperature scaling end to end: the fit, the metrics before (τ = 1) and after, and on a
/// held-out split when there is one.
public struct CalibrationStudy: Sendable {
  /// The fit.
  public let fit: TemperatureScaling
  /// The fit set's metrics at τ = 1.
  public let before: CalibrationMetrics
  /// The fit set's metrics at the fitted τ.
  public let after: CalibrationMetrics
  /// A held-out split's metrics before and after, when there is one.
  public let test: (before: CalibrationMetrics, after: CalibrationMetrics)?
  /// What was fitted on, for reports.
  public let source: String

  /// Fits on labelled logits in a file and measures them before and after, streaming each pass.
  ///
  /// - Throws: File errors, and ``LabelledLogits/forEachExample(_:)``'s checks.
  /// - Complexity: one pass per Newton step and two measuring passes.
  public init(_ data: LabelledLogits, bins: Int, binning: Binning) throws {
    fit = try TemperatureScaling(fitting: data)
    before = try CalibrationMetrics(data, temperature: 1, binCount: bins, binning: binning)
    after = try CalibrationMetrics(
      data, temperature: fit.temperature, binCount: bins, binning: binning)
    test = nil
    source = data.source.path
  }

  /// Fits on the bundled classifier's validation split and measures it and the test split.
  ///
  /// - Parameter bundled: ``Digits/overconfidentClassifier(seed:)``'s result.
  /// - Throws: `KelvinError` for logits that are not finite.
  public init(
    bundled: (
      validation: (logits: [[Double]], labels: [Int]), test: (logits: [[Double]], labels: [Int])
    ), bins: Int, binning: Binning
  ) throws {
    let (validation, held) = bundled
    fit = try TemperatureScaling(logits: validation.logits, labels: validation.labels)
    func metrics(_ logits: [[Double]], _ labels: [Int], _ tau: Double) throws -> CalibrationMetrics
    {
      CalibrationMetrics(
        probabilities: try calibratedProbabilities(logits, temperature: tau), labels: labels,
        binCount: bins, binning: binning)
    }
    before = try metrics(validation.logits, validation.labels, 1)
    after = try metrics(validation.logits, validation.labels, fit.temperature)
    test = (
      try metrics(held.logits, held.labels, 1),
      try metrics(held.logits, held.labels, fit.temperature)
    )
    source = "the bundled digits classifier (validation split)"
  }
}
